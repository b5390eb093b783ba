package io.orderflow.infra.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.orderflow.coreapi.supplier.LookUpSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.gateway.port.ClientCertificate;
import io.orderflow.infra.embedded.EmbeddedPostgres;

import io.orderflow.infra.privacy.DataKeys;
import io.orderflow.infra.privacy.KeyEncryptionKeys;
import io.orderflow.infra.privacy.SupplierSecretSealer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.r2dbc.spi.ConnectionFactories;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Supplier secrets against a real PostgreSQL: V5 moves them out of the supplier table, the store keeps what an
 * update leaves out, and webhook checks and supplier calls read them from there.
 */
class SupplierSecretsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;
    static EmbeddedPostgres postgres;
    static DatabaseClient db;
    static JdbcTemplate jdbc;

    static SupplierSecretSealer SEALER;
    R2dbcSupplierSecretStore store;
    R2dbcSupplierWebhookSecrets webhookSecrets;
    DirectorySupplierOwners owners;
    SupplierRegistry registry;

    @BeforeAll
    static void startPostgresWithASupplierOfTheOldSchema() {
        postgres = EmbeddedPostgres.start(dataDir, 0);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), EmbeddedPostgres.USERNAME,
                EmbeddedPostgres.PASSWORD));
        flyway().target("2").load().migrate();
        jdbc.update("""
                INSERT INTO supplier (supplier_id, retailer_id, name, connector_type, base_url, api_secret,
                    webhook_secrets, ships_to, location_ids, priority, acceptance_sla_seconds, active)
                VALUES ('old', 'r1', 'Old', 'PARTNER_REST', 'http://old.example', NULL, ARRAY['old-webhook'],
                    ARRAY['DE'], ARRAY['berlin'], 1, 60, true)""");
        jdbc.update("""
                INSERT INTO supplier_catalog_item (supplier_id, sku, supplier_sku, units_per_item, unit_cost, currency)
                VALUES ('old', 'MUG', 'O-MUG', 1, 3.2, 'EUR')""");
        flyway().load().migrate();
        SEALER = new SupplierSecretSealer(new DataKeys(jdbc, new KeyEncryptionKeys(
                "c3VwcGxpZXItc2VjcmV0cy1pdC1rZXktMDEyMzQ1Njc=", "", List.of())));
        db = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + EmbeddedPostgres.USERNAME + ":"
                + EmbeddedPostgres.PASSWORD + "@localhost:" + postgres.port() + "/" + EmbeddedPostgres.DATABASE));
    }

    static org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(postgres.jdbcUrl(), EmbeddedPostgres.USERNAME, EmbeddedPostgres.PASSWORD)
                .locations("classpath:db/migration");
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    /** The read side's answer to a supplier look-up, from the supplier directory table as it stands. */
    final QueryGateway directory = mock(QueryGateway.class);

    @SuppressWarnings("unchecked")
    void directoryAnswersFromTheTable() {
        when(directory.query(any(LookUpSupplierQuery.class), any(ResponseType.class))).thenAnswer(call -> {
            String id = call.<LookUpSupplierQuery>getArgument(0).supplierId().value();
            return CompletableFuture.completedFuture(jdbc.query("""
                            SELECT retailer_id, connector_type, base_url, shop_domain, api_version, active
                            FROM supplier WHERE supplier_id = ?""",
                    (rs, i) -> new SupplierView(id, rs.getString(1), 1, id, new SupplierConnector(rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5)), List.of(), List.of(), 0,
                            Duration.ZERO, 0, 0, rs.getBoolean(6), 0, null), id).stream().findFirst());
        });
    }

    @BeforeEach
    void adapters() {
        directoryAnswersFromTheTable();
        webhookSecrets = new R2dbcSupplierWebhookSecrets(db, SEALER);
        store = new R2dbcSupplierSecretStore(db, webhookSecrets, SEALER);
        owners = new DirectorySupplierOwners(directory);
        registry = new SupplierRegistry(jdbc, directory, SEALER);
    }

    @Test
    void theMigrationMovedTheSecretsOfExistingSuppliersOutOfTheSupplierTable() {
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_name = 'supplier'",
                String.class)).doesNotContain("api_secret", "webhook_secrets").contains("locations", "catalog_version");
        assertThat(webhookSecrets.secretsOf("old").block(TIMEOUT)).containsExactly("old-webhook");
        // it had no API secret of its own: the webhook secret signed its calls, as it does for new suppliers
        assertThat(registry.connection("old")).get().extracting(SupplierConnection::apiSecret).isEqualTo("old-webhook");
        assertThat(owners.ownerOf("old").block(TIMEOUT)).isEqualTo("r1");
    }

    @Test
    void anUpdateKeepsWhatItLeavesOut() {
        store.store("s1", "api-1", List.of("hook-1")).block(TIMEOUT);
        assertThat(store.holdsSecretsOf("s1").block(TIMEOUT)).isTrue();
        assertThat(webhookSecrets.secretsOf("s1").block(TIMEOUT)).containsExactly("hook-1");

        store.store("s1", "api-2", null).block(TIMEOUT);
        assertThat(webhookSecrets.secretsOf("s1").block(TIMEOUT)).containsExactly("hook-1");
        assertThat(apiSecretOf("s1")).isEqualTo("api-2");

        store.store("s1", null, List.of("hook-2", "hook-1")).block(TIMEOUT);
        assertThat(webhookSecrets.secretsOf("s1").block(TIMEOUT)).containsExactly("hook-2", "hook-1");
        assertThat(apiSecretOf("s1")).isEqualTo("api-2");
    }

    @Test
    void anUnknownSupplierHasNoSecretsNoOwnerAndNoConnection() {
        assertThat(store.holdsSecretsOf("nobody").block(TIMEOUT)).isFalse();
        assertThat(webhookSecrets.secretsOf("nobody").block(TIMEOUT)).isEmpty();
        assertThat(owners.ownerOf("nobody").block(TIMEOUT)).isNull();
        assertThat(registry.connection("nobody")).isEmpty();
    }

    @Test
    void aConnectionJoinsTheDirectoryAndTheSecret() {
        jdbc.update("""
                INSERT INTO supplier (supplier_id, retailer_id, name, connector_type, base_url, ships_to, location_ids,
                    priority, acceptance_sla_seconds, active, version)
                VALUES ('s2', 'r1', 'S2', 'PARTNER_REST', 'http://s2.example', ARRAY['DE'], ARRAY['x'], 1, 60, true, 1)""");
        store.store("s2", "api-s2", List.of("hook-s2")).block(TIMEOUT);

        var connection = registry.connection("s2").orElseThrow();
        assertThat(connection.baseUrl()).isEqualTo(URI.create("http://s2.example"));
        assertThat(connection.apiSecret()).isEqualTo("api-s2");
        assertThat(connection.toString()).doesNotContain("api-s2");
    }

    @Test
    void theClientCertificateAndTrustedCaAreKeptBesideTheOtherSecretsAndReadWithThem() {
        store.store("s3", "api-s3", List.of("hook-s3")).block(TIMEOUT);
        var described = new ClientCertificate("CN=orderflow", Instant.parse("2030-01-01T00:00:00Z"), "AB:CD");

        store.storeClientCertificate("s3", described, "certificate-pem", "key-pem").block(TIMEOUT);
        store.storeTrustedCa("s3", "ca-pem").block(TIMEOUT);

        assertThat(store.clientCertificateOf("s3").block(TIMEOUT)).isEqualTo(described);
        var credentials = registry.credentialsOf(List.of("s3")).get("s3");
        assertThat(credentials.apiSecret()).isEqualTo("api-s3");
        assertThat(credentials.tls()).isEqualTo(new SupplierTls("certificate-pem", "key-pem", "ca-pem"));
        assertThat(credentials.toString()).doesNotContain("api-s3", "certificate-pem", "key-pem", "ca-pem");
        // an update of the other secrets keeps them
        store.store("s3", "api-s3-next", List.of("hook-s3")).block(TIMEOUT);
        assertThat(registry.credentialsOf(List.of("s3")).get("s3").tls()).isNotNull();

        store.storeClientCertificate("s3", null, null, null).block(TIMEOUT);
        assertThat(store.clientCertificateOf("s3").block(TIMEOUT)).isNull();
        assertThat(registry.credentialsOf(List.of("s3")).get("s3").tls())
                .isEqualTo(new SupplierTls(null, null, "ca-pem"));
        store.storeTrustedCa("s3", null).block(TIMEOUT);
        assertThat(registry.credentialsOf(List.of("s3")).get("s3").tls()).isNull();
    }

    @Test
    void secretsStoredInClearTextAreSealedAtStartAndReadAsBefore() {
        jdbc.update("""
                INSERT INTO supplier_secret (supplier_id, api_secret, webhook_secrets, client_certificate_pem,
                                             client_key_pem)
                VALUES ('clear-1', 'api-clear', ARRAY['hook-clear'], 'certificate', 'key-clear')""");
        var sealing = new SupplierSecretSealing(jdbc, new DataSourceTransactionManager(jdbc.getDataSource()), SEALER);

        assertThat(sealing.sealAll()).isPositive();

        var stored = jdbc.queryForMap("SELECT api_secret, webhook_secrets[1] AS hook, client_key_pem FROM"
                + " supplier_secret WHERE supplier_id = 'clear-1'");
        assertThat(stored.values()).allSatisfy(value -> assertThat((String) value).startsWith("sealed:v1:")
                .doesNotContain("clear"));
        webhookSecrets.forget("clear-1");
        assertThat(webhookSecrets.secretsOf("clear-1").block(TIMEOUT)).containsExactly("hook-clear");
        assertThat(apiSecretOf("clear-1")).isEqualTo("api-clear");
        assertThat(sealing.sealAll()).as("nothing left in clear text").isZero();
    }

    @Test
    void aCertificateNeedsTheSuppliersSecretsStoredFirst() {
        assertThatThrownBy(() -> store.storeClientCertificate("nobody-yet", null, "certificate-pem", "key-pem")
                .block(TIMEOUT)).hasMessageContaining("no secrets of supplier nobody-yet");
    }

    /** As stored: sealed, never the secret itself; opened with the supplier's data key. */
    private String apiSecretOf(String supplierId) {
        String stored = jdbc.queryForObject("SELECT api_secret FROM supplier_secret WHERE supplier_id = ?",
                String.class, supplierId);
        assertThat(stored == null || SupplierSecretSealer.isSealed(stored)).as("sealed at rest").isTrue();
        return SEALER.open(supplierId, stored);
    }
}
