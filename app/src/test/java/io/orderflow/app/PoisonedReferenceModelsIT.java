package io.orderflow.app;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, the read models PoisonedReadModelsIT does not poison: the inventory view (one row per stock position),
 * the supplier directory (one per supplier) and the order exceptions (one per order and reason). A trigger refuses
 * the rows of one position, supplier or order; the processor parks that sequence and applies the others, the admin
 * API lists the letter, and once the trigger is gone a retry applies it.
 */
class PoisonedReferenceModelsIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void dropTriggers() {
        for (String table : new String[] {"stock_availability", "supplier", "order_exception"}) {
            jdbc.execute("DROP TRIGGER IF EXISTS poison_%1$s ON %1$s".formatted(table));
        }
    }

    @Test
    void aStockPositionTheInventoryViewCannotTakeIsParkedAlone() {
        var poisoned = StockPositionId.of(new SupplierId("berlin-gear"), "berlin", unique("POISON-INV"));
        var healthy = StockPositionId.of(new SupplierId("berlin-gear"), "berlin", unique("HEALTHY-INV"));
        poison("stock_availability", "NEW.position_id = '%s'".formatted(poisoned.value()));

        var now = Instant.now();
        http().post().uri("/api/v1/suppliers/berlin-gear/stock").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"levels":[{"supplierSku":"%s","locationId":"berlin","available":5,"asOf":"%s"},
                                   {"supplierSku":"%s","locationId":"berlin","available":6,"asOf":"%s"}]}"""
                        .formatted(sku(poisoned), now, sku(healthy), now))
                .exchange().expectStatus().isAccepted();

        awaitRow("stock_availability", "position_id", healthy.value());
        assertThat(awaitParked("inventory", poisoned.value()).path("first").path("causeMessage").asString())
                .contains("poisoned by PoisonedReferenceModelsIT");
        assertThat(rows("stock_availability", "position_id", poisoned.value())).isZero();

        var letters = JSON.readTree(http().get().uri(b -> b.path("/api/v1/admin/dead-letters/inventory")
                        .queryParam("sequenceId", "{id}").build(poisoned.value()))
                .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(letters.get(0).path("payloadType").asString()).endsWith("StockLevelReportedEvent");

        dropTriggers();
        assertThat(retryDeadLetters("inventory", poisoned.value())).isTrue();
        assertThat(rows("stock_availability", "position_id", poisoned.value())).isOne();
    }

    @Test
    void aSupplierTheDirectoryCannotTakeIsParkedAlone() {
        var poisoned = "poison-dir-" + Long.toHexString(System.nanoTime());
        var healthy = "healthy-dir-" + Long.toHexString(System.nanoTime());
        poison("supplier", "NEW.supplier_id = '%s'".formatted(poisoned));

        register(poisoned);
        register(healthy);

        awaitRow("supplier", "supplier_id", healthy);
        var parked = awaitParked("supplier-directory", poisoned);
        assertThat(parked.path("first").path("causeMessage").asString()).contains("poisoned by PoisonedReferenceModelsIT");
        assertThat(rows("supplier", "supplier_id", poisoned)).isZero();

        dropTriggers();
        assertThat(retryDeadLetters("supplier-directory", parked.path("sequenceId").asString())).isTrue();
        assertThat(rows("supplier", "supplier_id", poisoned)).isOne();
    }

    @Test
    void anOrderTheExceptionsListCannotTakeIsParkedAlone() {
        var external = unique("poison-exc");
        var poisoned = OrderId.of(new RetailerId("demo-retailer"), external).value();
        poison("order_exception", "NEW.order_id = '%s'".formatted(poisoned));

        // nobody sells the SKU, so the orders stay backordered, and their promise dates keep them in the list
        var promised = LocalDate.now(ZoneOffset.UTC).plusDays(5);
        place(promisedBy(orderBody(external, "DE", Map.of("PX-NOBODY", 1)), promised));
        var healthy = place(promisedBy(orderBody(unique("healthy-exc"), "DE", Map.of("PX-NOBODY", 1)), promised))
                .path("orderId").asString();

        awaitRow("order_exception", "order_id", healthy);
        assertThat(awaitParked("order-exceptions", poisoned).path("first").path("causeMessage").asString())
                .contains("poisoned by PoisonedReferenceModelsIT");
        assertThat(rows("order_exception", "order_id", poisoned)).isZero();

        dropTriggers();
        assertThat(retryDeadLetters("order-exceptions", poisoned)).isTrue();
        assertThat(rows("order_exception", "order_id", poisoned)).isPositive()
                .isEqualTo(rows("order_exception", "order_id", healthy));
    }

    // ---- plumbing

    void poison(String table, String condition) {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION poison_%s() RETURNS trigger AS $$
                BEGIN
                    IF %s THEN RAISE EXCEPTION 'poisoned by PoisonedReferenceModelsIT'; END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(table, condition));
        jdbc.execute("CREATE TRIGGER poison_%1$s BEFORE INSERT OR UPDATE ON %1$s FOR EACH ROW EXECUTE FUNCTION poison_%1$s()"
                .formatted(table));
    }

    static String sku(StockPositionId position) {
        return position.value().substring(position.value().lastIndexOf('/') + 1);
    }

    static String promisedBy(String body, LocalDate promised) {
        return body.replace("\"channel\":\"web\"", "\"promiseBy\":\"" + promised + "\",\"channel\":\"web\"");
    }

    void register(String supplier) {
        http().put().uri("/api/v1/suppliers/{id}", supplier).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"name":"Poison Test Supplier","connector":{"type":"PARTNER_REST","baseUrl":"https://partner.example/api"},
                         "webhookSecrets":["whsec-poison-0123456789"],
                         "locations":[{"locationId":"main","latitude":50.1,"longitude":8.6,"country":"DE","region":"HE"}],
                         "shipsTo":["DE"],"handlingDays":1,"acceptanceSlaMinutes":30,"dailyCapacity":10,"priority":900,
                         "active":false}""")
                .exchange().expectStatus().isOk();
    }

    int rows(String table, String column, String value) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", Integer.class, value);
    }

    void awaitRow(String table, String column, String value) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> rows(table, column, value) > 0);
    }

    /** The group's parked sequence whose id names the poisoned position, supplier or order. */
    JsonNode awaitParked(String group, String naming) {
        var found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var listing = deadLetterListing();
            for (JsonNode sequence : listing.path("sequences")) {
                if (group.equals(sequence.path("processingGroup").asString())
                        && sequence.path("sequenceId").asString().contains(naming)) {
                    found[0] = sequence;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
