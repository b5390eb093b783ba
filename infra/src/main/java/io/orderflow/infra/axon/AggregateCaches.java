package io.orderflow.infra.axon;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Aggregates stay in memory between commands, so a command does not read its aggregate's events (or snapshot) back
 * from the event store each time. With several nodes, another node may have appended to an aggregate since this node
 * cached it. A command that emits events on such a stale copy would only lose an append race (the event store's
 * (aggregate, sequence) key refuses it and the command is retried), but a command that decides on it and emits
 * nothing (an unknown allocation, a repeat that looks new, a routing ticket for lines already allocated) would act on
 * the past without anyone noticing. So a cached aggregate is used only while the event store's last sequence number
 * for it is the one it was cached at: one indexed lookup instead of reading a snapshot and its events. The aggregates
 * named here choose the cache by bean name.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCaches {

    /** Orders are busy for minutes (placed, routed, submitted, accepted, shipped): recent ones are worth keeping. */
    @Bean
    Cache orderCache(@Value("${orderflow.cache.orders:50000}") long size, ObjectProvider<EventStore> eventStore) {
        return new CurrentAggregateCache(size, lastSequenceNumbers(eventStore));
    }

    /** Stock positions are few and hot: every reservation, commitment and report of a SKU goes to one. */
    @Bean
    Cache stockPositionCache(@Value("${orderflow.cache.stock-positions:20000}") long size,
                             ObjectProvider<EventStore> eventStore) {
        return new CurrentAggregateCache(size, lastSequenceNumbers(eventStore));
    }

    /** Looked up when first needed: the event store is built after the repositories that take these caches. */
    private static Function<String, Optional<Long>> lastSequenceNumbers(ObjectProvider<EventStore> eventStore) {
        return aggregateId -> eventStore.getObject().lastSequenceNumberFor(aggregateId);
    }

    /**
     * Hands out a cached aggregate only while the event store holds nothing newer for it. Called by Axon's caching
     * repository inside the command's unit of work (and its transaction), with the aggregate's lock held, so no
     * command of this node can append between the check and the command.
     */
    static final class CurrentAggregateCache extends CaffeineCache {

        private static final Logger log = LoggerFactory.getLogger(CurrentAggregateCache.class);

        /**
         * Axon keeps the sequence number an entry was cached at in a private field and offers no getter; a later
         * Axon that renames it makes this cache hand out nothing (correct, only slower), and AggregateCachesTest fail.
         */
        static final VarHandle CACHED_VERSION = cachedVersionField();

        private final Function<String, Optional<Long>> lastSequenceNumbers;

        CurrentAggregateCache(long maximumSize, Function<String, Optional<Long>> lastSequenceNumbers) {
            super(maximumSize);
            this.lastSequenceNumbers = lastSequenceNumbers;
        }

        @Override
        public <K, V> V get(K key) {
            V entry = super.get(key);
            if (entry instanceof AggregateCacheEntry<?> cached && !isCurrent(key, cached)) {
                remove(key);
                return null;
            }
            return entry;
        }

        private boolean isCurrent(Object aggregateId, AggregateCacheEntry<?> cached) {
            if (CACHED_VERSION == null) {
                return false;
            }
            Long cachedAt = (Long) CACHED_VERSION.get(cached);
            return cachedAt != null
                    && Objects.equals(lastSequenceNumbers.apply(aggregateId.toString()).orElse(null), cachedAt);
        }

        private static VarHandle cachedVersionField() {
            try {
                return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                        .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("Cannot read the version of Axon's cached aggregates ({}): every command loads its "
                        + "aggregate from the event store", e.toString());
                return null;
            }
        }
    }

    /** Axon's cache over a bounded Caffeine cache (Axon 4 ships only weak-reference and JCache/Ehcache adapters). */
    static class CaffeineCache implements Cache {

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
