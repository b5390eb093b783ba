package io.orderflow.infra.axon;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Aggregates stay in memory between commands, so a command does not read its aggregate's events (or snapshot) back
 * from the event store each time. This stays correct with several nodes: a node whose cached aggregate is behind
 * appends at a sequence number another node already used, the event store's (aggregate, sequence) key refuses it,
 * the unit of work rolls back, Axon drops the entry, and the command is retried on a fresh load. The aggregates named
 * here choose the cache by bean name.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCaches {

    /** Orders are busy for minutes (placed, routed, submitted, accepted, shipped): recent ones are worth keeping. */
    @Bean
    Cache orderCache(@Value("${orderflow.cache.orders:50000}") long size) {
        return new CaffeineCache(size);
    }

    /** Stock positions are few and hot: every reservation, commitment and report of a SKU goes to one. */
    @Bean
    Cache stockPositionCache(@Value("${orderflow.cache.stock-positions:20000}") long size) {
        return new CaffeineCache(size);
    }

    /** Axon's cache over a bounded Caffeine cache (Axon 4 ships only weak-reference and JCache/Ehcache adapters). */
    static final class CaffeineCache implements Cache {

        private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

        CaffeineCache(long maximumSize) {
            entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> V get(K key) {
            return (V) entries.getIfPresent(key);
        }

        @Override
        public void put(Object key, Object value) {
            entries.put(key, value);
        }

        @Override
        public boolean putIfAbsent(Object key, Object value) {
            return entries.asMap().putIfAbsent(key, value) == null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
            return (T) entries.get(key, k -> valueSupplier.get());
        }

        @Override
        public boolean remove(Object key) {
            return entries.asMap().remove(key) != null;
        }

        @Override
        public void removeAll() {
            entries.invalidateAll();
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.asMap().containsKey(key);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
            entries.asMap().computeIfPresent(key, (k, v) -> update.apply((V) v));
        }

        @Override
        public Registration registerCacheEntryListener(EntryListener entryListener) {
            // no user of these caches listens for entry changes
            return () -> true;
        }
    }
}
