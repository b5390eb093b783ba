package io.orderflow.infra.apikey;

import io.orderflow.coreapi.shared.ChangeChannel;
import io.orderflow.gateway.port.ApiKeyStore;

import java.time.Duration;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The platform operator's first key, from {@code ORDERFLOW_PLATFORM_KEY} ({@code orderflow.platform-key}): without a
 * key of scope {@code platform} nobody could create retailers or issue keys outside the embedded default. Its SHA-256
 * is stored at start, for retailer {@value #RETAILER} with the scopes platform and audit; the clear key is neither
 * stored nor logged. The variable is the key's one source: a new value replaces the key the earlier value named (so it
 * is rotated by changing the variable on every node), and a key revoked through the API stays revoked, whatever the
 * variable says.
 */
@Component
class PlatformBootstrapKey implements SmartInitializingSingleton {

    static final String RETAILER = "platform-operator";
    static final String NAME = "platform-bootstrap";
    static final String RULE = "must be 32 to 256 printable ASCII characters without spaces (e.g. openssl rand -base64 32)";
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{32,256}");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(PlatformBootstrapKey.class);

    enum Outcome { NOT_SET, STORED, UNCHANGED, REVOKED }

    private final DatabaseClient db;
    private final String key;
    private final R2dbcApiKeyStore lookups;

    PlatformBootstrapKey(DatabaseClient db, @Value("${orderflow.platform-key:}") String key, R2dbcApiKeyStore lookups) {
        this.db = db;
        this.key = key == null ? "" : key.strip();
        this.lookups = lookups;
    }

    /** Fails the start when the variable is set but unusable: an operator who set it expects it to work. */
    @Override
    public void afterSingletonsInstantiated() {
        var outcome = store().block(TIMEOUT);
        switch (outcome) {
            case NOT_SET -> { }
            case STORED -> log.info("The bootstrap platform key from ORDERFLOW_PLATFORM_KEY is stored (hashed)");
            case UNCHANGED -> log.info("The bootstrap platform key from ORDERFLOW_PLATFORM_KEY is in force");
            case REVOKED -> log.warn("ORDERFLOW_PLATFORM_KEY names a key that was revoked; it stays revoked. Set a new"
                    + " value to have a bootstrap platform key again.");
        }
    }

    Mono<Outcome> store() {
        if (key.isEmpty()) {
            return Mono.just(Outcome.NOT_SET);
        }
        if (!ACCEPTABLE.matcher(key).matches()) {
            return Mono.error(new IllegalStateException("ORDERFLOW_PLATFORM_KEY (orderflow.platform-key) " + RULE));
        }
        String hash = ApiKeyStore.sha256Hex(key);
        var retailer = db.sql("""
                        INSERT INTO retailer (retailer_id, name) VALUES (:retailer, 'Platform operator')
                        ON CONFLICT (retailer_id) DO NOTHING""")
                .bind("retailer", RETAILER)
                .then();
        var stored = db.sql("""
                        INSERT INTO api_key (key_hash, name, retailer_id, scopes, key_prefix, bootstrap, created_by)
                        VALUES (:hash, :name, :retailer, ARRAY['platform', 'audit']::text[], :prefix, true,
                                'ORDERFLOW_PLATFORM_KEY')
                        ON CONFLICT (key_hash) DO NOTHING""")
                .bind("hash", hash)
                .bind("name", NAME)
                .bind("retailer", RETAILER)
                .bind("prefix", key.substring(0, 4))
                .fetch().rowsUpdated();
        // the keys earlier values named; a node still starting with an earlier value takes its turn, so every node
        // must have the same value
        var replaced = db.sql("""
                        WITH replaced AS (
                            UPDATE api_key SET revoked_at = now(), revoked_by = 'ORDERFLOW_PLATFORM_KEY'
                            WHERE bootstrap AND revoked_at IS NULL AND key_hash <> :hash
                            RETURNING key_id
                        )
                        SELECT key_id, pg_notify(:channel, key_id::text) FROM replaced""")
                .bind("hash", hash)
                .bind("channel", ChangeChannel.API_KEYS.name())
                .map(row -> row.get("key_id"))
                .all()
                .count()
                .doOnNext(count -> {
                    if (count > 0) {
                        lookups.forgetAll();
                        log.info("The bootstrap platform key that an earlier ORDERFLOW_PLATFORM_KEY named is revoked");
                    }
                });
        var revoked = db.sql("SELECT revoked_at IS NOT NULL AS revoked FROM api_key WHERE key_hash = :hash")
                .bind("hash", hash)
                .map(row -> Boolean.TRUE.equals(row.get("revoked", Boolean.class)))
                .one();
        return retailer.then(stored).flatMap(inserted -> replaced.then(revoked)
                .map(isRevoked -> isRevoked ? Outcome.REVOKED : inserted > 0 ? Outcome.STORED : Outcome.UNCHANGED));
    }
}
