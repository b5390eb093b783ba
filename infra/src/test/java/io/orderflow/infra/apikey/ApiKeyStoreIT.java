package io.orderflow.infra.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.gateway.port.ApiKeyStore;
import io.orderflow.infra.embedded.MigratedPostgres;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;


/** The API-key store and the development keys against a real PostgreSQL with the real schema. */
class ApiKeyStoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static DatabaseClient db;

    R2dbcApiKeyStore apiKeys;

    @BeforeAll
    static void connect() {
        db = MigratedPostgres.r2dbc();
    }

    @BeforeEach
    void emptyTable() {
        db.sql("TRUNCATE api_key").then().block(TIMEOUT);
        apiKeys = new R2dbcApiKeyStore(db);
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
        // ops: the metrics
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
    void lookupsAreCachedBrieflyWhileChangesAreListenedTo() {
        apiKeys.listening(true);
        new DevApiKeys(db).insertAll().block(TIMEOUT);
        String hash = ApiKeyStore.sha256Hex("dev-admin-key");
        assertThat(apiKeys.findByHash(hash).block(TIMEOUT)).isNotNull();

        db.sql("DELETE FROM api_key").then().block(TIMEOUT);
        assertThat(apiKeys.findByHash(hash).block(TIMEOUT)).isNotNull();
        assertThat(new R2dbcApiKeyStore(db).findByHash(hash).block(TIMEOUT)).isNull();
    }

    @Test
    void nothingIsCachedWhileChangesCouldBeMissed() {
        new DevApiKeys(db).insertAll().block(TIMEOUT);
        String hash = ApiKeyStore.sha256Hex("dev-admin-key");
        assertThat(apiKeys.findByHash(hash).block(TIMEOUT)).isNotNull();

        db.sql("DELETE FROM api_key").then().block(TIMEOUT);
        assertThat(apiKeys.findByHash(hash).block(TIMEOUT)).isNull();
    }

    @Test
    void aRevokedKeyIsNotFoundAndARevokedDevelopmentKeyIsNotBroughtBack() {
        new DevApiKeys(db).insertAll().block(TIMEOUT);
        db.sql("UPDATE api_key SET revoked_at = now() WHERE name = 'dev-admin'").then().block(TIMEOUT);
        new DevApiKeys(db).insertAll().block(TIMEOUT);

        assertThat(apiKeys.findByHash(ApiKeyStore.sha256Hex("dev-admin-key")).block(TIMEOUT)).isNull();
        assertThat(apiKeys.findByHash(ApiKeyStore.sha256Hex("dev-storefront-key")).block(TIMEOUT)).isNotNull();
    }
}
