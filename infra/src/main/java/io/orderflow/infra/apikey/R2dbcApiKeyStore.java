package io.orderflow.infra.apikey;

import io.orderflow.gateway.port.ApiKeyStore;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * API keys from table api_key. Every API request looks its key up, so answers (including "no such key") are kept
 * for a few seconds; a revoked key therefore stops working within {@link #TTL}.
 */
@Component
class R2dbcApiKeyStore implements ApiKeyStore {

    static final Duration TTL = Duration.ofSeconds(5);
    // a flood of made-up keys must not grow the cache without bound
    private static final int MAX_ENTRIES = 10_000;

    private record Cached(Optional<ApiKey> key, long expiresAtNanos) {
        boolean isFresh() {
            return expiresAtNanos - System.nanoTime() > 0;
        }
    }

    private final DatabaseClient db;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    R2dbcApiKeyStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<ApiKey> findByHash(String sha256Hex) {
        Cached cached = cache.get(sha256Hex);
        if (cached != null && cached.isFresh()) {
            return Mono.justOrEmpty(cached.key());
        }
        return db.sql("SELECT name, retailer_id, scopes FROM api_key WHERE key_hash = :hash")
                .bind("hash", sha256Hex)
                .map((row, meta) -> new ApiKey(row.get("name", String.class), row.get("retailer_id", String.class),
                        Set.of(row.get("scopes", String[].class))))
                .first()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(found -> remember(sha256Hex, found))
                .flatMap(Mono::justOrEmpty);
    }

    private void remember(String hash, Optional<ApiKey> key) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(hash, new Cached(key, System.nanoTime() + TTL.toNanos()));
    }
}
