package io.orderflow.infra.connector;

import io.orderflow.gateway.port.SupplierSecretStore;

import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

@Component
class R2dbcSupplierSecretStore implements SupplierSecretStore {

    private final DatabaseClient db;
    private final R2dbcSupplierWebhookSecrets cachedSecrets;

    R2dbcSupplierSecretStore(DatabaseClient db, R2dbcSupplierWebhookSecrets cachedSecrets) {
        this.db = db;
        this.cachedSecrets = cachedSecrets;
    }

    @Override
    public Mono<Void> store(String supplierId, String apiSecret, List<String> webhookSecrets) {
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
    public Mono<Boolean> holdsSecretsOf(String supplierId) {
        return db.sql("SELECT 1 FROM supplier_secret WHERE supplier_id = :id")
                .bind("id", supplierId)
                .map((row, meta) -> true)
                .one()
                .defaultIfEmpty(false);
    }
}
