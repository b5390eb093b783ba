package io.orderflow.infra.apikey;

import io.orderflow.gateway.port.ApiKeyStore;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The development keys the README names, for the embedded default only. They are inserted once all
 * beans exist (the schema is migrated by then) and before the server takes requests, on the main thread.
 */
@Component
@ConditionalOnProperty(name = "orderflow.dev-keys.enabled", havingValue = "true")
class DevApiKeys implements SmartInitializingSingleton {

    static final String RETAILER = "demo-retailer";
    static final String PLATFORM = "platform-operator";
    static final List<DevKey> KEYS = List.of(
            new DevKey("dev-storefront-key", "dev-storefront", RETAILER, List.of("orders:write", "orders:read")),
            // ops: the metrics at /actuator/prometheus
            new DevKey("dev-admin-key", "dev-admin", RETAILER, List.of("admin", "orders:read", "ops")),
            new DevKey("dev-auditor-key", "dev-auditor", RETAILER, List.of("audit", "orders:read")),
            // the platform operator's: whole-store replays and integrity; bound to a retailer that owns nothing
            new DevKey("dev-platform-key", "dev-platform", PLATFORM, List.of("platform", "audit")));

    private static final Logger log = LoggerFactory.getLogger(DevApiKeys.class);

    record DevKey(String key, String name, String retailer, List<String> scopes) {
    }

    private final DatabaseClient db;

    DevApiKeys(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            Long inserted = insertAll().block(Duration.ofSeconds(30));
            log.warn("Development API keys are enabled (orderflow.dev-keys.enabled=true; {} newly stored): never in"
                    + " production", inserted);
        } catch (RuntimeException e) {
            log.error("Could not store the development API keys", e);
        }
    }

    /**
     * Leaves existing rows alone, so a development key re-scoped by hand keeps its scopes across restarts; only the
     * admin key still holding its earlier default scopes (before {@code ops}) is brought up to the current default.
     */
    Mono<Long> insertAll() {
        var retailers = Flux.just(RETAILER, PLATFORM)
                .concatMap(retailer -> db.sql("""
                                INSERT INTO retailer (retailer_id, name) VALUES (:retailer, :retailer)
                                ON CONFLICT (retailer_id) DO NOTHING""")
                        .bind("retailer", retailer)
                        .then());
        // a development key rotated through the platform API (its hash changed) or revoked (its row stays) is not
        // brought back: a key of the same name and retailer is taken as that key
        var keys = Flux.fromIterable(KEYS)
                .concatMap(key -> db.sql("""
                                INSERT INTO api_key (key_hash, name, retailer_id, scopes, key_prefix)
                                SELECT :hash, :name, :retailer, :scopes, :prefix
                                WHERE NOT EXISTS (SELECT 1 FROM api_key WHERE name = :name AND retailer_id = :retailer)
                                ON CONFLICT (key_hash) DO NOTHING""")
                        .bind("hash", ApiKeyStore.sha256Hex(key.key()))
                        .bind("name", key.name())
                        .bind("retailer", key.retailer())
                        .bind("scopes", key.scopes().toArray(String[]::new))
                        .bind("prefix", key.key().substring(0, 8))
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum);
        return retailers.then(keys)
                .flatMap(inserted -> db.sql("""
                                UPDATE api_key SET scopes = array_append(scopes, 'ops')
                                WHERE key_hash = :hash AND scopes @> ARRAY['admin', 'orders:read']::text[]
                                  AND cardinality(scopes) = 2""")
                        .bind("hash", ApiKeyStore.sha256Hex("dev-admin-key"))
                        .fetch()
                        .rowsUpdated()
                        .thenReturn(inserted));
    }
}
