package io.orderflow.infra.connector;

import io.orderflow.gateway.port.SupplierWebhookSecrets;

import io.orderflow.infra.privacy.DataKeys;
import io.orderflow.infra.privacy.SupplierSecretSealer;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every webhook delivery is verified against its supplier's secrets, so they are kept for a few seconds (a supplier's
 * webhooks come in bursts). A rotation through this node takes effect at once; through another node within
 * {@link #TTL}.
 */
@Component
class R2dbcSupplierWebhookSecrets implements SupplierWebhookSecrets {

    static final Duration TTL = Duration.ofSeconds(5);
    // a flood of made-up supplier ids must not grow the cache without bound
    private static final int MAX_ENTRIES = 10_000;

    private record Cached(List<String> secrets, long expiresAtNanos) {
        boolean isFresh() {
            return expiresAtNanos - System.nanoTime() > 0;
        }
    }

    private final DatabaseClient db;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private final SupplierSecretSealer sealer;

    R2dbcSupplierWebhookSecrets(DatabaseClient db, SupplierSecretSealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    @Override
    public Mono<List<String>> secretsOf(String supplierId) {
        Cached cached = cache.get(supplierId);
        if (cached != null && cached.isFresh()) {
            return Mono.just(cached.secrets());
        }
        return db.sql("SELECT webhook_secrets FROM supplier_secret WHERE supplier_id = :id")
                .bind("id", supplierId)
                .map((row, meta) -> row.get("webhook_secrets", String[].class))
                .one()
                .publishOn(DataKeys.BLOCKING)
                .map(secrets -> Arrays.stream(secrets).map(secret -> sealer.open(supplierId, secret)).toList())
                .defaultIfEmpty(List.of())
                .doOnNext(secrets -> {
                    if (cache.size() >= MAX_ENTRIES) {
                        cache.clear();
                    }
                    cache.put(supplierId, new Cached(secrets, System.nanoTime() + TTL.toNanos()));
                });
    }

    void forget(String supplierId) {
        cache.remove(supplierId);
    }
}
