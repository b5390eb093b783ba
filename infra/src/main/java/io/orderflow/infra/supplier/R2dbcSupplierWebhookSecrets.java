package io.orderflow.infra.supplier;

import io.orderflow.gateway.port.SupplierWebhookSecrets;

import java.util.Arrays;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

@Component
class R2dbcSupplierWebhookSecrets implements SupplierWebhookSecrets {

    private final DatabaseClient db;

    R2dbcSupplierWebhookSecrets(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<List<String>> secretsOf(String supplierId) {
        return db.sql("SELECT webhook_secrets FROM supplier_secret WHERE supplier_id = :id")
                .bind("id", supplierId)
                .map((row, meta) -> row.get("webhook_secrets", String[].class))
                .one()
                .map(secrets -> Arrays.asList(secrets))
                .defaultIfEmpty(List.of());
    }
}
