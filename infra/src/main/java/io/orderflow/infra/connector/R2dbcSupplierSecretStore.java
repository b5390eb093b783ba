package io.orderflow.infra.connector;

import io.orderflow.gateway.port.ClientCertificate;
import io.orderflow.gateway.port.SupplierSecretStore;
import io.orderflow.infra.privacy.DataKeys;
import io.orderflow.infra.privacy.SupplierSecretSealer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import java.util.List;
import java.util.Optional;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes every supplier secret (API and webhook secrets, the client certificate and key of mutual TLS, the trusted
 * CA); {@link SupplierRegistry} reads what our calls to a supplier need, {@link R2dbcSupplierWebhookSecrets} what
 * checks its webhooks.
 */
@Component
class R2dbcSupplierSecretStore implements SupplierSecretStore {

    private final DatabaseClient db;
    private final R2dbcSupplierWebhookSecrets cachedSecrets;
    private final SupplierSecretSealer sealer;

    R2dbcSupplierSecretStore(DatabaseClient db, R2dbcSupplierWebhookSecrets cachedSecrets, SupplierSecretSealer sealer) {
        this.db = db;
        this.cachedSecrets = cachedSecrets;
        this.sealer = sealer;
    }

    private record Sealed(String apiSecret, List<String> webhookSecrets) {
    }

    /** Every secret is sealed before it is written (blocking: the supplier's data key is read or made). */
    @Override
    public Mono<Void> store(String supplierId, String apiSecret, List<String> webhookSecrets) {
        return Mono.fromCallable(() -> new Sealed(sealer.seal(supplierId, apiSecret), webhookSecrets == null ? null
                        : webhookSecrets.stream().map(secret -> sealer.seal(supplierId, secret)).toList()))
                .subscribeOn(DataKeys.BLOCKING)
                .flatMap(sealed -> write(supplierId, sealed.apiSecret(), sealed.webhookSecrets()));
    }

    private Mono<Void> write(String supplierId, String apiSecret, List<String> webhookSecrets) {
        if (webhookSecrets == null) {
            // an INSERT of a row without webhook secrets fails NOT NULL even when ON CONFLICT would update instead
            return apiSecret == null ? Mono.empty() : db.sql("""
                            UPDATE supplier_secret SET api_secret = :apiSecret WHERE supplier_id = :id""")
                    .bind("id", supplierId)
                    .bind("apiSecret", apiSecret)
                    .fetch().rowsUpdated()
                    .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                            : Mono.error(new IllegalStateException("no secrets of supplier " + supplierId + " to update")));
        }
        var statement = db.sql("""
                        INSERT INTO supplier_secret (supplier_id, api_secret, webhook_secrets)
                        VALUES (:id, :apiSecret, :webhookSecrets)
                        ON CONFLICT (supplier_id) DO UPDATE SET
                            api_secret = COALESCE(excluded.api_secret, supplier_secret.api_secret),
                            webhook_secrets = excluded.webhook_secrets""")
                .bind("id", supplierId)
                .bind("webhookSecrets", webhookSecrets.toArray(String[]::new));
        statement = apiSecret == null
                ? statement.bindNull("apiSecret", String.class)
                : statement.bind("apiSecret", apiSecret);
        return statement.fetch().rowsUpdated().then(Mono.fromRunnable(() -> cachedSecrets.forget(supplierId)));
    }

    @Override
    public Mono<Void> storeClientCertificate(String supplierId, ClientCertificate certificate, String certificatePem,
                                             String keyPem) {
        return Mono.fromCallable(() -> Optional.ofNullable(sealer.seal(supplierId, keyPem)))
                .subscribeOn(DataKeys.BLOCKING)
                .flatMap(sealedKey -> writeClientCertificate(supplierId, certificate, certificatePem,
                        sealedKey.orElse(null)));
    }

    private Mono<Void> writeClientCertificate(String supplierId, ClientCertificate certificate, String certificatePem,
                                              String keyPem) {
        var statement = db.sql("""
                        UPDATE supplier_secret SET client_certificate_pem = :certificatePem, client_key_pem = :keyPem,
                            client_certificate_subject = :subject, client_certificate_expires = :notAfter,
                            client_certificate_sha256 = :sha256
                        WHERE supplier_id = :id""")
                .bind("id", supplierId);
        statement = bindNullable(statement, "certificatePem", certificatePem, String.class);
        statement = bindNullable(statement, "keyPem", keyPem, String.class);
        statement = bindNullable(statement, "subject", certificate == null ? null : certificate.subject(), String.class);
        statement = bindNullable(statement, "notAfter",
                certificate == null ? null : certificate.notAfter().atOffset(ZoneOffset.UTC), OffsetDateTime.class);
        statement = bindNullable(statement, "sha256", certificate == null ? null : certificate.fingerprintSha256(),
                String.class);
        return requireOneRow(statement, supplierId);
    }

    @Override
    public Mono<Void> storeTrustedCa(String supplierId, String trustedCaPem) {
        var statement = db.sql("UPDATE supplier_secret SET trusted_ca_pem = :ca WHERE supplier_id = :id")
                .bind("id", supplierId);
        return requireOneRow(bindNullable(statement, "ca", trustedCaPem, String.class), supplierId);
    }

    @Override
    public Mono<ClientCertificate> clientCertificateOf(String supplierId) {
        return db.sql("""
                        SELECT client_certificate_subject, client_certificate_expires, client_certificate_sha256
                        FROM supplier_secret WHERE supplier_id = :id AND client_certificate_pem IS NOT NULL""")
                .bind("id", supplierId)
                .map((row, meta) -> new ClientCertificate(row.get(0, String.class),
                        row.get(1, OffsetDateTime.class).toInstant(), row.get(2, String.class)))
                .one();
    }

    private static <T> DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec statement,
                                                                      String name, T value, Class<T> type) {
        return value == null ? statement.bindNull(name, type) : statement.bind(name, value);
    }

    private static Mono<Void> requireOneRow(DatabaseClient.GenericExecuteSpec statement, String supplierId) {
        return statement.fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("no secrets of supplier " + supplierId + " to update")));
    }

    @Override
    public Mono<Boolean> holdsSecretsOf(String supplierId) {
        return db.sql("SELECT 1 FROM supplier_secret WHERE supplier_id = :id")
                .bind("id", supplierId)
                .map((row, meta) -> true)
                .one()
                .defaultIfEmpty(false);
    }
}
