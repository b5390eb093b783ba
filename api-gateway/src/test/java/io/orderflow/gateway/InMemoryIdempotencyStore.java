package io.orderflow.gateway;

import io.orderflow.gateway.port.IdempotencyStore;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** Same atomic semantics as the database store: one claim wins, the rest see what it recorded. */
public class InMemoryIdempotencyStore implements IdempotencyStore {

    private record Entry(String requestHash, StoredResponse response) {
    }

    private static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Mono<Claim> claim(String retailerId, String key, String requestHash) {
        return Mono.fromSupplier(() -> {
            var fresh = new Entry(requestHash, null);
            Entry existing = entries.putIfAbsent(id(retailerId, key), fresh);
            if (existing == null) {
                return new Claim.Claimed();
            }
            // a key in flight here is always as if just claimed: taken over after the default 30 s
            return new Claim.Existing(existing.requestHash(), existing.response(),
                    existing.response() == null ? STALE_AFTER : null);
        });
    }

    @Override
    public Mono<Void> complete(String retailerId, String key, StoredResponse response) {
        return Mono.fromRunnable(() -> entries.computeIfPresent(id(retailerId, key),
                (id, entry) -> entry.response() == null ? new Entry(entry.requestHash(), response) : entry));
    }

    @Override
    public Mono<Void> release(String retailerId, String key) {
        return Mono.fromRunnable(() -> entries.computeIfPresent(id(retailerId, key),
                (id, entry) -> entry.response() == null ? null : entry));
    }

    /** Marks a key as taken by a request that is still running (or crashed). */
    public void holdInFlight(String retailerId, String key, String requestHash) {
        entries.put(id(retailerId, key), new Entry(requestHash, null));
    }

    public boolean isInFlight(String retailerId, String key) {
        var entry = entries.get(id(retailerId, key));
        return entry != null && entry.response() == null;
    }

    public boolean holds(String retailerId, String key) {
        return entries.containsKey(id(retailerId, key));
    }

    public void clear() {
        entries.clear();
    }

    private static String id(String retailerId, String key) {
        return retailerId + "\u0000" + key;
    }
}
