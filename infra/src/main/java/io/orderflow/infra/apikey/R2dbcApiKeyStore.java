package io.orderflow.infra.apikey;

import io.orderflow.gateway.port.ApiKeyStore;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * API keys in force from table api_key. Every API request looks its key up, so answers (including "no such key") are
 * kept for up to {@link #TTL}, but only while {@link ApiKeyChanges} listens for revocations and rotations: each one
 * (from any node) drops everything kept, so that an old secret stops working at once. While nobody listens (starting,
 * reconnecting) nothing is kept. The TTL remains for rows changed by hand, without an announcement.
 */
@Component
class R2dbcApiKeyStore implements ApiKeyStore {

    static final Duration TTL = Duration.ofSeconds(5);
    // a flood of made-up keys must not grow the cache without bound
    private static final int MAX_ENTRIES = 10_000;

    private record Cached(Optional<ApiKey> key, long generation, long expiresAtNanos) {
        boolean isFresh() {
            return expiresAtNanos - System.nanoTime() > 0;
        }
    }

    private final DatabaseClient db;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** Moves on every change: a lookup read before a change is not kept after it. */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

    R2dbcApiKeyStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<ApiKey> findByHash(String sha256Hex) {
        Cached cached = cache.get(sha256Hex);
        if (cached != null && cached.generation() == generation.get() && cached.isFresh()) {
            return Mono.justOrEmpty(cached.key());
        }
        return Mono.defer(() -> {
            long readIn = generation.get();
            return db.sql("SELECT name, retailer_id, scopes FROM api_key WHERE key_hash = :hash AND revoked_at IS NULL")
                    .bind("hash", sha256Hex)
                    .map((row, meta) -> new ApiKey(row.get("name", String.class), row.get("retailer_id", String.class),
                            Set.of(row.get("scopes", String[].class))))
                    .first()
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .doOnNext(found -> remember(sha256Hex, found, readIn))
                    .flatMap(Mono::justOrEmpty);
        });
    }

    /** Drops every lookup kept, and any lookup still being read. */
    void forgetAll() {
        generation.incrementAndGet();
        cache.clear();
    }

    boolean isListening() {
        return listening;
    }

    /** Set by {@link ApiKeyChanges}: lookups are kept only while changes cannot be missed. */
    void listening(boolean listening) {
        this.listening = listening;
        forgetAll();
    }

    private void remember(String hash, Optional<ApiKey> key, long readIn) {
        if (!listening) {
            return;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        // read before a change that came in meanwhile: kept, but never answered (its generation is past)
        cache.put(hash, new Cached(key, readIn, System.nanoTime() + TTL.toNanos()));
    }
}
