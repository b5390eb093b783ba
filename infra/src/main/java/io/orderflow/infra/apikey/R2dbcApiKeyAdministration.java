package io.orderflow.infra.apikey;

import io.orderflow.coreapi.shared.ChangeChannel;
import io.orderflow.gateway.port.ApiKeyAdministration;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Retailers and their keys in tables retailer and api_key. A revocation or rotation announces itself on
 * {@link ChangeChannel#API_KEYS} in the statement that makes it (so when it commits, and only when something changed),
 * and drops this node's lookups before it answers. Each change is logged with its actor, never with a key or hash.
 */
@Component
class R2dbcApiKeyAdministration implements ApiKeyAdministration {

    private static final Logger log = LoggerFactory.getLogger(R2dbcApiKeyAdministration.class);
    private static final String SUMMARY_COLUMNS = "key_id, name, key_prefix, scopes, created_at, last_rotated_at";

    private final DatabaseClient db;
    private final R2dbcApiKeyStore lookups;

    R2dbcApiKeyAdministration(DatabaseClient db, R2dbcApiKeyStore lookups) {
        this.db = db;
        this.lookups = lookups;
    }

    @Override
    public Mono<Retailer> createRetailer(String retailerId, String name, String actor) {
        return db.sql("""
                        INSERT INTO retailer (retailer_id, name) VALUES (:id, :name) ON CONFLICT (retailer_id) DO NOTHING
                        RETURNING retailer_id, name, created_at""")
                .bind("id", retailerId)
                .bind("name", name)
                .map((row, meta) -> retailer(row))
                .first()
                .doOnNext(created -> log.info("Retailer {} created by {}", retailerId, actor));
    }

    @Override
    public Flux<Retailer> retailers() {
        return db.sql("SELECT retailer_id, name, created_at FROM retailer ORDER BY retailer_id")
                .map((row, meta) -> retailer(row))
                .all();
    }

    @Override
    public Mono<Retailer> retailer(String retailerId) {
        return db.sql("SELECT retailer_id, name, created_at FROM retailer WHERE retailer_id = :id")
                .bind("id", retailerId)
                .map((row, meta) -> retailer(row))
                .first();
    }

    @Override
    public Mono<KeySummary> issue(String retailerId, NewKey key, String actor) {
        return db.sql("""
                        INSERT INTO api_key (key_hash, name, retailer_id, scopes, key_prefix, created_by)
                        VALUES (:hash, :name, :retailer, :scopes, :prefix, :actor)
                        RETURNING\s""" + SUMMARY_COLUMNS)
                .bind("hash", key.keyHash())
                .bind("name", key.name())
                .bind("retailer", retailerId)
                .bind("scopes", key.scopes().toArray(String[]::new))
                .bind("prefix", key.keyPrefix())
                .bind("actor", actor)
                .map((row, meta) -> summary(row))
                .one()
                .doOnNext(issued -> log.info("API key {} ({}, scopes {}) of retailer {} issued by {}", issued.keyId(),
                        issued.name(), issued.scopes(), retailerId, actor));
    }

    @Override
    public Flux<KeySummary> keys(String retailerId) {
        return db.sql("SELECT " + SUMMARY_COLUMNS + " FROM api_key WHERE retailer_id = :retailer AND revoked_at IS NULL"
                        + " ORDER BY created_at, key_id")
                .bind("retailer", retailerId)
                .map((row, meta) -> summary(row))
                .all();
    }

    @Override
    public Mono<KeySummary> rotate(String retailerId, UUID keyId, String keyHash, String keyPrefix, String actor) {
        return inForce(retailerId, keyId)
                .flatMap(bootstrap -> bootstrap
                        ? Mono.error(new NotRotatable("This is the bootstrap platform key: it changes with"
                        + " ORDERFLOW_PLATFORM_KEY (set the new value on every node and restart them), not here."))
                        : db.sql("""
                                        WITH rotated AS (
                                            UPDATE api_key SET key_hash = :hash, key_prefix = :prefix, last_rotated_at = now()
                                            WHERE key_id = :id AND retailer_id = :retailer AND revoked_at IS NULL
                                              AND NOT bootstrap
                                            RETURNING\s""" + SUMMARY_COLUMNS + """
                                        )
                                        SELECT rotated.*, pg_notify(:channel, key_id::text) FROM rotated""")
                                .bind("hash", keyHash)
                                .bind("prefix", keyPrefix)
                                .bind("id", keyId)
                                .bind("retailer", retailerId)
                                .bind("channel", ChangeChannel.API_KEYS.name())
                                .map((row, meta) -> summary(row))
                                .first())
                .doOnNext(rotated -> {
                    lookups.forgetAll();
                    log.info("API key {} ({}) of retailer {} rotated by {}", keyId, rotated.name(), retailerId, actor);
                });
    }

    @Override
    public Mono<Boolean> revoke(String retailerId, UUID keyId, String actor) {
        return db.sql("""
                        WITH revoked AS (
                            UPDATE api_key SET revoked_at = now(), revoked_by = :actor
                            WHERE key_id = :id AND retailer_id = :retailer AND revoked_at IS NULL
                            RETURNING key_id, name
                        )
                        SELECT name, pg_notify(:channel, key_id::text) FROM revoked""")
                .bind("actor", actor)
                .bind("id", keyId)
                .bind("retailer", retailerId)
                .bind("channel", ChangeChannel.API_KEYS.name())
                .map(row -> row.get("name", String.class))
                .first()
                .doOnNext(name -> {
                    lookups.forgetAll();
                    log.info("API key {} ({}) of retailer {} revoked by {}", keyId, name, retailerId, actor);
                })
                .map(name -> true)
                .defaultIfEmpty(false);
    }

    /** Whether the retailer's key in force is the bootstrap key; empty when there is no such key in force. */
    private Mono<Boolean> inForce(String retailerId, UUID keyId) {
        return db.sql("SELECT bootstrap FROM api_key WHERE key_id = :id AND retailer_id = :retailer AND revoked_at IS NULL")
                .bind("id", keyId)
                .bind("retailer", retailerId)
                .map(row -> Boolean.TRUE.equals(row.get("bootstrap", Boolean.class)))
                .first();
    }

    private static Retailer retailer(Readable row) {
        return new Retailer(row.get("retailer_id", String.class), row.get("name", String.class),
                instant(row, "created_at"));
    }

    private static KeySummary summary(Readable row) {
        return new KeySummary(row.get("key_id", UUID.class), row.get("name", String.class),
                row.get("key_prefix", String.class), List.of(row.get("scopes", String[].class)),
                instant(row, "created_at"), instant(row, "last_rotated_at"));
    }

    private static Instant instant(Readable row, String column) {
        var at = row.get(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
