package io.orderflow.infra.retailer;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.port.RetailerStores;
import io.orderflow.infra.privacy.DataKeys;
import io.orderflow.infra.privacy.SupplierSecretSealer;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The retailer's store settings, its secrets sealed under {@code retailer-store:<retailer>} before they are written. */
@Component
class R2dbcRetailerStores implements RetailerStores {

    private static final String COLUMNS = """
            SELECT retailer_id, shop_domain, base_url, api_version, location_id, cancelled_lines,
                   customer_notifications, connected_at, updated_at FROM retailer_store""";

    private final DatabaseClient db;
    private final SupplierSecretSealer sealer;
    private final Clock clock;

    R2dbcRetailerStores(DatabaseClient db, SupplierSecretSealer sealer, Clock clock) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
    }

    static String keyId(String retailerId) {
        return "retailer-store:" + retailerId;
    }

    private record Sealed(String accessToken, String[] webhookSecrets) {
    }

    @Override
    public Mono<StoreView> connect(RetailerId retailerId, StoreSettings settings) {
        String keyId = keyId(retailerId.value());
        return Mono.fromCallable(() -> new Sealed(sealer.sealUnder(keyId, settings.accessToken()),
                        settings.webhookSecrets() == null ? null : settings.webhookSecrets().stream()
                                .map(secret -> sealer.sealUnder(keyId, secret)).toArray(String[]::new)))
                .subscribeOn(DataKeys.BLOCKING)
                .flatMap(sealed -> write(retailerId, settings, sealed))
                .then(pushEverything(retailerId))
                .then(find(retailerId));
    }

    private Mono<Long> write(RetailerId retailerId, StoreSettings settings, Sealed sealed) {
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var update = db.sql("""
                        UPDATE retailer_store SET shop_domain = :shopDomain, base_url = :baseUrl,
                            api_version = :apiVersion, location_id = :locationId, cancelled_lines = :cancelledLines,
                            customer_notifications = :notifications, updated_at = :now,
                            access_token = COALESCE(:accessToken, access_token),
                            webhook_secrets = COALESCE(:webhookSecrets, webhook_secrets)
                        WHERE retailer_id = :retailerId""");
        update = bindSettings(update, retailerId, settings, sealed, now);
        return update.fetch().rowsUpdated().flatMap(updated -> {
            if (updated > 0) {
                return Mono.just(updated);
            }
            if (sealed.accessToken() == null || sealed.webhookSecrets() == null || sealed.webhookSecrets().length == 0) {
                return Mono.error(new IllegalArgumentException(
                        "a store is connected with its accessToken and at least one webhook secret"));
            }
            var insert = db.sql("""
                    INSERT INTO retailer_store (retailer_id, shop_domain, base_url, api_version, access_token,
                        webhook_secrets, location_id, cancelled_lines, customer_notifications, connected_at, updated_at)
                    VALUES (:retailerId, :shopDomain, :baseUrl, :apiVersion, :accessToken, :webhookSecrets,
                        :locationId, :cancelledLines, :notifications, :now, :now)
                    ON CONFLICT (retailer_id) DO NOTHING""");
            return bindSettings(insert, retailerId, settings, sealed, now).fetch().rowsUpdated();
        });
    }

    /** A store connected or changed (another location, say) is sent every SKU's availability again. */
    private Mono<Void> pushEverything(RetailerId retailerId) {
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return db.sql("UPDATE retailer_availability_pushed SET store_set = false WHERE retailer_id = :retailerId")
                .bind("retailerId", retailerId.value())
                .fetch().rowsUpdated()
                .then(db.sql("""
                                INSERT INTO retailer_availability_pending (retailer_id, position_id, sequence, since)
                                VALUES (:retailerId, :position, 0, :now) ON CONFLICT DO NOTHING""")
                        .bind("retailerId", retailerId.value())
                        .bind("position", RetailerAvailabilityChanges.EVERY_CATALOG)
                        .bind("now", now)
                        .fetch().rowsUpdated())
                .then();
    }

    private static DatabaseClient.GenericExecuteSpec bindSettings(DatabaseClient.GenericExecuteSpec spec,
                                                                  RetailerId retailerId, StoreSettings settings,
                                                                  Sealed sealed, OffsetDateTime now) {
        spec = spec.bind("retailerId", retailerId.value())
                .bind("shopDomain", settings.shopDomain())
                .bind("apiVersion", settings.apiVersion())
                .bind("cancelledLines", settings.cancelledLines())
                .bind("notifications", settings.customerNotifications())
                .bind("now", now);
        spec = nullable(spec, "baseUrl", settings.baseUrl(), String.class);
        spec = nullable(spec, "locationId", settings.locationId(), String.class);
        spec = nullable(spec, "accessToken", sealed.accessToken(), String.class);
        return nullable(spec, "webhookSecrets", sealed.webhookSecrets(), String[].class);
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
                                                                  T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    @Override
    public Mono<StoreView> find(RetailerId retailerId) {
        return db.sql(COLUMNS + " WHERE retailer_id = :retailerId")
                .bind("retailerId", retailerId.value())
                .map((row, meta) -> view(row))
                .one();
    }

    @Override
    public Mono<Boolean> disconnect(RetailerId retailerId) {
        return db.sql("DELETE FROM retailer_store WHERE retailer_id = :retailerId")
                .bind("retailerId", retailerId.value())
                .fetch().rowsUpdated()
                .flatMap(deleted -> db.sql("DELETE FROM retailer_store_inventory_item WHERE retailer_id = :retailerId")
                        .bind("retailerId", retailerId.value()).fetch().rowsUpdated().thenReturn(deleted > 0));
    }

    @Override
    public Mono<List<String>> webhookSecretsOf(RetailerId retailerId) {
        String keyId = keyId(retailerId.value());
        return db.sql("SELECT webhook_secrets FROM retailer_store WHERE retailer_id = :retailerId")
                .bind("retailerId", retailerId.value())
                .map((row, meta) -> row.get("webhook_secrets", String[].class))
                .one()
                .publishOn(DataKeys.BLOCKING)
                .map(secrets -> Arrays.stream(secrets).map(secret -> sealer.openUnder(keyId, secret)).toList())
                .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<Void> linkOrder(RetailerId retailerId, String shopOrderId, OrderId orderId) {
        return db.sql("""
                        INSERT INTO retailer_store_order (order_id, retailer_id, shop_order_id, created_at)
                        VALUES (:orderId, :retailerId, :shopOrderId, :now) ON CONFLICT DO NOTHING""")
                .bind("orderId", orderId.value())
                .bind("retailerId", retailerId.value())
                .bind("shopOrderId", shopOrderId)
                .bind("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private static StoreView view(Readable row) {
        return new StoreView(row.get("retailer_id", String.class), row.get("shop_domain", String.class),
                row.get("base_url", String.class), row.get("api_version", String.class),
                row.get("location_id", String.class), row.get("cancelled_lines", String.class),
                row.get("customer_notifications", String.class),
                row.get("connected_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
