package io.orderflow.infra.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.gateway.port.ApiKeyAdministration;
import io.orderflow.gateway.port.ApiKeyStore;
import io.orderflow.infra.embedded.EmbeddedPostgres;
import io.orderflow.infra.embedded.MigratedPostgres;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Key management against a real PostgreSQL, with two "nodes" (each its own key store, listener and administration, as
 * each JVM has): what one node revokes or rotates stops working on the other at once, well within the lookup cache's
 * five seconds; and the bootstrap platform key from ORDERFLOW_PLATFORM_KEY.
 */
class ApiKeyAdministrationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Far below the cache's TTL: only the announcement can make a node forget this fast. */
    private static final Duration AT_ONCE = Duration.ofMillis(1500);
    private static final String RETAILER = "it-keys-retailer";

    static DatabaseClient db;
    static DataSource jdbc;

    record Node(R2dbcApiKeyStore keys, ApiKeyChanges changes, R2dbcApiKeyAdministration admin) {
        static Node start() {
            var keys = new R2dbcApiKeyStore(db);
            var node = new Node(keys, new ApiKeyChanges(jdbc, keys), new R2dbcApiKeyAdministration(db, keys));
            node.changes().start();
            return node;
        }
    }

    Node one;
    Node two;

    @BeforeAll
    static void connect() {
        db = MigratedPostgres.r2dbc();
        jdbc = new DriverManagerDataSource(MigratedPostgres.shared().jdbcUrl(), EmbeddedPostgres.USERNAME,
                EmbeddedPostgres.PASSWORD);
    }

    @BeforeEach
    void twoNodes() {
        db.sql("TRUNCATE api_key").then().block(TIMEOUT);
        db.sql("DELETE FROM retailer").then().block(TIMEOUT);
        one = Node.start();
        two = Node.start();
        await("both nodes listen", () -> one.keys().isListening() && two.keys().isListening(), TIMEOUT);
        one.admin().createRetailer(RETAILER, "Keys Retailer", "it").block(TIMEOUT);
    }

    @AfterEach
    void stopNodes() {
        one.changes().stop();
        two.changes().stop();
    }

    @Test
    void aKeyRevokedOnOneNodeStopsWorkingOnTheOtherAtOnce() {
        var key = issue("revoke-me", "orders:read");
        var bystander = issue("bystander", "orders:read");
        assertThat(two.keys().findByHash(key).block(TIMEOUT)).isNotNull();
        assertThat(two.keys().findByHash(bystander).block(TIMEOUT)).isNotNull();

        // a change nobody announces is still answered from node two's cache: the test below would see it
        db.sql("UPDATE api_key SET scopes = ARRAY['admin']::text[] WHERE key_hash = :hash").bind("hash", bystander)
                .then().block(TIMEOUT);
        assertThat(two.keys().findByHash(bystander).block(TIMEOUT).scopes()).containsExactly("orders:read");

        assertThat(one.admin().revoke(RETAILER, keyIdOf(key), "it").block(TIMEOUT)).isTrue();

        assertThat(one.keys().findByHash(key).block(TIMEOUT)).as("the revoking node, before it answered").isNull();
        await("node two forgets the revoked key", () -> two.keys().findByHash(key).block(TIMEOUT) == null, AT_ONCE);
        assertThat(two.keys().findByHash(bystander).block(TIMEOUT).scopes()).containsExactly("admin");
        assertThat(one.admin().keys(RETAILER).map(ApiKeyAdministration.KeySummary::name).collectList().block(TIMEOUT))
                .containsExactly("bystander");
        assertThat(one.admin().revoke(RETAILER, keyIdOf(key), "it").block(TIMEOUT)).as("revoked already").isFalse();
    }

    @Test
    void aKeyRotatedOnOneNodeTakesOnlyItsNewSecretOnTheOtherAtOnce() {
        var old = issue("rotate-me", "orders:write", "orders:read");
        UUID keyId = keyIdOf(old);
        assertThat(two.keys().findByHash(old).block(TIMEOUT)).isNotNull();

        String fresh = ApiKeyStore.sha256Hex("of_rotated-" + UUID.randomUUID());
        var rotated = one.admin().rotate(RETAILER, keyId, fresh, "of_rotated", "it").block(TIMEOUT);

        assertThat(rotated.keyId()).isEqualTo(keyId);
        assertThat(rotated.prefix()).isEqualTo("of_rotated");
        assertThat(rotated.lastRotatedAt()).isNotNull();
        assertThat(one.keys().findByHash(old).block(TIMEOUT)).isNull();
        await("node two forgets the old secret", () -> two.keys().findByHash(old).block(TIMEOUT) == null, AT_ONCE);
        assertThat(two.keys().findByHash(fresh).block(TIMEOUT))
                .isEqualTo(new ApiKeyStore.ApiKey("rotate-me", RETAILER, Set.of("orders:write", "orders:read")));
    }

    @Test
    void anotherRetailersKeyIsNeitherRotatedNorRevoked() {
        one.admin().createRetailer("it-other", "Other", "it").block(TIMEOUT);
        var key = issue("mine", "admin");
        UUID keyId = keyIdOf(key);

        assertThat(one.admin().revoke("it-other", keyId, "it").block(TIMEOUT)).isFalse();
        assertThat(one.admin().rotate("it-other", keyId, ApiKeyStore.sha256Hex("x"), "of_x", "it").block(TIMEOUT))
                .isNull();
        assertThat(one.admin().revoke(RETAILER, UUID.randomUUID(), "it").block(TIMEOUT)).isFalse();
        assertThat(two.keys().findByHash(key).block(TIMEOUT)).isNotNull();
        assertThat(one.admin().createRetailer(RETAILER, "Again", "it").block(TIMEOUT)).as("exists already").isNull();
    }

    @Test
    void theBootstrapKeyIsStoredHashedReplacedByANewValueAndStaysRevoked() {
        String first = "first-bootstrap-key-" + UUID.randomUUID();
        var bootstrap = new PlatformBootstrapKey(db, first, one.keys());
        assertThat(bootstrap.store().block(TIMEOUT)).isEqualTo(PlatformBootstrapKey.Outcome.STORED);
        assertThat(bootstrap.store().block(TIMEOUT)).isEqualTo(PlatformBootstrapKey.Outcome.UNCHANGED);
        assertThat(two.keys().findByHash(ApiKeyStore.sha256Hex(first)).block(TIMEOUT))
                .isEqualTo(new ApiKeyStore.ApiKey("platform-bootstrap", "platform-operator", Set.of("platform", "audit")));
        assertThat(one.admin().retailer("platform-operator").block(TIMEOUT)).isNotNull();
        assertThat(db.sql("SELECT count(*) AS n FROM api_key WHERE key_hash = :key OR key_prefix = :key")
                .bind("key", first).map((row, meta) -> row.get("n", Long.class)).one().block(TIMEOUT))
                .as("the clear key is stored nowhere").isZero();

        String second = "second-bootstrap-key-" + UUID.randomUUID();
        assertThat(new PlatformBootstrapKey(db, second, one.keys()).store().block(TIMEOUT))
                .isEqualTo(PlatformBootstrapKey.Outcome.STORED);
        await("the first value's key stops on node two",
                () -> two.keys().findByHash(ApiKeyStore.sha256Hex(first)).block(TIMEOUT) == null, AT_ONCE);
        assertThat(one.keys().findByHash(ApiKeyStore.sha256Hex(second)).block(TIMEOUT)).isNotNull();

        UUID secondId = keyIdOf(ApiKeyStore.sha256Hex(second));
        assertThatThrownBy(() -> one.admin().rotate("platform-operator", secondId, ApiKeyStore.sha256Hex("y"), "of_y",
                "it").block(TIMEOUT)).isInstanceOf(ApiKeyAdministration.NotRotatable.class);
        assertThat(one.admin().revoke("platform-operator", secondId, "it").block(TIMEOUT)).isTrue();
        assertThat(new PlatformBootstrapKey(db, second, one.keys()).store().block(TIMEOUT))
                .as("a restart with the revoked value").isEqualTo(PlatformBootstrapKey.Outcome.REVOKED);
        assertThat(one.keys().findByHash(ApiKeyStore.sha256Hex(second)).block(TIMEOUT)).isNull();
    }

    @Test
    void anUnsetBootstrapKeyStoresNothingAndAWeakOneIsRefused() {
        assertThat(new PlatformBootstrapKey(db, "", one.keys()).store().block(TIMEOUT))
                .isEqualTo(PlatformBootstrapKey.Outcome.NOT_SET);
        assertThatThrownBy(() -> new PlatformBootstrapKey(db, "short", one.keys()).store().block(TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ORDERFLOW_PLATFORM_KEY")
                .hasMessageNotContaining("short");
        assertThat(db.sql("SELECT count(*) AS n FROM api_key").map((row, meta) -> row.get("n", Long.class)).one()
                .block(TIMEOUT)).isZero();
    }

    private String issue(String name, String... scopes) {
        String hash = ApiKeyStore.sha256Hex("of_" + name + "-" + UUID.randomUUID());
        one.admin().issue(RETAILER, new ApiKeyAdministration.NewKey(name, List.of(scopes), hash, "of_" + name), "it")
                .block(TIMEOUT);
        return hash;
    }

    private static UUID keyIdOf(String hash) {
        return db.sql("SELECT key_id FROM api_key WHERE key_hash = :hash").bind("hash", hash)
                .map((row, meta) -> row.get("key_id", UUID.class)).one().block(TIMEOUT);
    }

    private static void await(String what, BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + within);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
