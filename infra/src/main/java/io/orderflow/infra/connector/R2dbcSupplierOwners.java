package io.orderflow.infra.connector;

import io.orderflow.gateway.port.SupplierOwners;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

@Component
class R2dbcSupplierOwners implements SupplierOwners {

    private final DatabaseClient db;

    R2dbcSupplierOwners(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<String> ownerOf(String supplierId) {
        return db.sql("SELECT retailer_id FROM supplier WHERE supplier_id = :id")
                .bind("id", supplierId)
                .map((row, meta) -> row.get("retailer_id", String.class))
                .one();
    }
}
