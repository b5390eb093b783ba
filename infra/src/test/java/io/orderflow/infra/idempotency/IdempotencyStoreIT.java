package io.orderflow.infra.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.gateway.port.ApiKeyStore;
import io.orderflow.gateway.port.IdempotencyStore.Claim;
import io.orderflow.gateway.port.IdempotencyStore.StoredResponse;
import io.orderflow.infra.embedded.EmbeddedPostgres;
import io.orderflow.infra.embedded.MigratedPostgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import io.r2dbc.spi.ConnectionFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.r2dbc.core.DatabaseClient;

import reactor.core.publisher.Flux;

/** The gateway's stores against a real PostgreSQL with the real schema. */
class GatewayStoresIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;
    static EmbeddedPostgres postgres;
    static DatabaseClient db;

    R2dbcIdempotencyStore idempotency;
    R2dbcApiKeyStore apiKeys;

    @BeforeAll
    static void startPostgres() {
        postgres = MigratedPostgres.start(dataDir);
        db = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + EmbeddedPostgres.USERNAME + ":"
                + EmbeddedPostgres.PASSWORD + "@localhost:" + postgres.port() + "/" + EmbeddedPostgres.DATABASE));
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void emptyTables() {
        db.sql("TRUNCATE idempotency_record, api_key").then().block(TIMEOUT);
        idempotency = new R2dbcIdempotencyStore(db, Duration.ofSeconds(30));
        apiKeys = new R2dbcApiKeyStore(db);
    }

    @Test
    void theFirstClaimWinsAndLaterOnesSeeItInFlight() {
        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
        assertThat(idempotency.claim("r1", "k", "h2").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", null));
        // keys are per retailer
        assertThat(idempotency.claim("r2", "k", "h2").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aCompletedKeyReplaysItsAnswerAndKeepsIt() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        var answer = new StoredResponse(201, "/api/v1/orders/o-1", "{\"orderId\":\"o-1\"}");
        idempotency.complete("r1", "k", answer).block(TIMEOUT);

        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", answer));

        idempotency.complete("r1", "k", new StoredResponse(503, null, null)).block(TIMEOUT);
        idempotency.release("r1", "k").block(TIMEOUT);
        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", answer));
    }

    @Test
    void anAnswerWithoutLocationIsStoredToo() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        var problem = new StoredResponse(422, null, "{\"status\":422}");
        idempotency.complete("r1", "k", problem).block(TIMEOUT);
        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", problem));
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        idempotency.release("r1", "k").block(TIMEOUT);
        assertThat(idempotency.claim("r1", "k", "h2").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aStaleInFlightKeyIsTakenOver() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        db.sql("UPDATE idempotency_record SET created_at = now() - interval '31 seconds'").then().block(TIMEOUT);

        assertThat(idempotency.claim("r1", "k", "h2").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
        assertThat(idempotency.claim("r1", "k", "h3").block(TIMEOUT)).isEqualTo(new Claim.Existing("h2", null));
    }

    @Test
    void aStaleButCompletedKeyIsNeverTakenOver() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        var answer = new StoredResponse(201, "/api/v1/orders/o-1", "{}");
        idempotency.complete("r1", "k", answer).block(TIMEOUT);
        db.sql("UPDATE idempotency_record SET created_at = now() - interval '1 day'").then().block(TIMEOUT);

        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", answer));
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneWins() {
        var claims = Flux.range(0, 16)
                .flatMap(i -> idempotency.claim("r1", "race", "h"), 16)
                .collectList()
                .block(TIMEOUT);
        assertThat(claims).filteredOn(Claim.Claimed.class::isInstance).hasSize(1);
        assertThat(claims).filteredOn(Claim.Existing.class::isInstance).hasSize(15);
    }

    @Test
    void devKeysAreStoredHashedOnceAndFound() {
        var devKeys = new DevApiKeys(db);
        assertThat(devKeys.insertAll().block(TIMEOUT)).isEqualTo(4L);
        assertThat(devKeys.insertAll().block(TIMEOUT)).isZero();

        assertThat(apiKeys.findByHash(ApiKeyStore.sha256Hex("dev-storefront-key")).block(TIMEOUT))
                .isEqualTo(new ApiKeyStore.ApiKey("dev-storefront", "demo-retailer", Set.of("orders:write", "orders:read")));
        assertThat(apiKeys.findByHash(ApiKeyStore.sha256Hex("dev-auditor-key")).block(TIMEOUT).scopes())
                .containsExactlyInAnyOrder("audit", "orders:read");
        // ops: the metrics (issue 12)
        assertThat(apiKeys.findByHash(ApiKeyStore.sha256Hex("dev-admin-key")).block(TIMEOUT).scopes())
                .containsExactlyInAnyOrder("admin", "orders:read", "ops");
        // whole-store operations: a key of no retailer that owns data
        assertThat(apiKeys.findByHash(ApiKeyStore.sha256Hex("dev-platform-key")).block(TIMEOUT))
                .isEqualTo(new ApiKeyStore.ApiKey("dev-platform", "platform-operator", Set.of("platform", "audit")));
        assertThat(db.sql("SELECT count(*) AS n FROM api_key WHERE key_hash LIKE 'dev-%'")
                .map((row, meta) -> row.get("n", Long.class)).one().block(TIMEOUT)).isZero();
    }

    @Test
    void theAdminKeyStoredBeforeOpsGainsOpsWhileAKeyRescopedByHandKeepsItsScopes() {
        storeKey("dev-admin-key", "dev-admin", "admin", "orders:read");
        storeKey("dev-auditor-key", "dev-auditor", "audit");

        new DevApiKeys(db).insertAll().block(TIMEOUT);
        new DevApiKeys(db).insertAll().block(TIMEOUT);

        assertThat(new R2dbcApiKeyStore(db).findByHash(ApiKeyStore.sha256Hex("dev-admin-key")).block(TIMEOUT).scopes())
                .containsExactlyInAnyOrder("admin", "orders:read", "ops");
        assertThat(new R2dbcApiKeyStore(db).findByHash(ApiKeyStore.sha256Hex("dev-auditor-key")).block(TIMEOUT).scopes())
                .containsExactly("audit");

        db.sql("UPDATE api_key SET scopes = ARRAY['admin']::text[] WHERE name = 'dev-admin'").then().block(TIMEOUT);
        new DevApiKeys(db).insertAll().block(TIMEOUT);
        assertThat(new R2dbcApiKeyStore(db).findByHash(ApiKeyStore.sha256Hex("dev-admin-key")).block(TIMEOUT).scopes())
                .containsExactly("admin");
    }

    private void storeKey(String key, String name, String... scopes) {
        db.sql("INSERT INTO api_key (key_hash, name, retailer_id, scopes) VALUES (:hash, :name, 'demo-retailer', :scopes)")
                .bind("hash", ApiKeyStore.sha256Hex(key))
                .bind("name", name)
                .bind("scopes", scopes)
                .then().block(TIMEOUT);
    }

    @Test
    void anUnknownKeyIsEmpty() {
        assertThat(apiKeys.findByHash(ApiKeyStore.sha256Hex("nope")).block(TIMEOUT)).isNull();
    }

    @Test
    void lookupsAreCachedBriefly() {
        new DevApiKeys(db).insertAll().block(TIMEOUT);
        String hash = ApiKeyStore.sha256Hex("dev-admin-key");
        assertThat(apiKeys.findByHash(hash).block(TIMEOUT)).isNotNull();

        db.sql("DELETE FROM api_key").then().block(TIMEOUT);
        assertThat(apiKeys.findByHash(hash).block(TIMEOUT)).isNotNull();
        assertThat(new R2dbcApiKeyStore(db).findByHash(hash).block(TIMEOUT)).isNull();
    }
}
