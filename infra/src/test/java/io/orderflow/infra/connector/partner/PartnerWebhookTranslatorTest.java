package io.orderflow.infra.connector.partner;

import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.infra.connector.AllocationLinks;
import io.orderflow.infra.connector.AllocationUnits;
import io.orderflow.infra.connector.WebhookTranslation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Partner deliveries in our terms, against allocation links kept in memory. */
class PartnerWebhookTranslatorTest {

    private final AllocationLinks links = new AllocationLinks() {
        @Override
        public Optional<String> orderOf(String supplierId, String allocationId) {
            return allocationId.equals("A-1") ? Optional.of("O-1") : Optional.empty();
        }

        @Override
        public Optional<Link> bySupplierOrder(String supplierId, String supplierOrderRef) {
            return Optional.empty();
        }

        @Override
        public Optional<String> supplierOrderRef(String allocationId) {
            return Optional.empty();
        }

        @Override
        public AllocationUnits units(String allocationId) {
            return new AllocationUnits(List.of(new AllocationUnits.Line("L1", 2, "AS-TOTE", 12)));
        }
    };
    private final PartnerWebhookTranslator translator = new PartnerWebhookTranslator(links);

    private WebhookTranslation translate(String body) {
        return translator.translate("partner-1", body.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void aFulfillmentStatesItsAcceptanceFirstAndCountsRetailerItems() {
        var translation = translate("""
                {"eventId": "e1", "type": "fulfillment.created", "occurredAt": "2026-11-27T05:00:00Z",
                 "data": {"reference": "A-1", "fulfillmentId": "F-1", "acceptedAt": "2026-11-27T04:00:00Z",
                          "lines": [{"lineReference": "L1", "quantity": 12}]}}""");

        assertThat(translation).isInstanceOfSatisfying(WebhookTranslation.Commands.class, commands -> {
            assertThat(commands.order().value()).isEqualTo("O-1");
            assertThat(commands.commands()).hasSize(2);
            assertThat(commands.commands().get(0)).isInstanceOfSatisfying(AcceptSupplierOrderCommand.class,
                    accepted -> assertThat(accepted.acceptedAt()).isEqualTo(Instant.parse("2026-11-27T04:00:00Z")));
            assertThat(commands.commands().get(1)).isInstanceOfSatisfying(CreateFulfillmentCommand.class,
                    created -> assertThat(created.lines()).containsExactly(new LineQuantity("L1", 2)));
        });
    }

    @Test
    void anInventoryUpdateIsAStockLevelForInventoryToRead() {
        var translation = translate("""
                {"eventId": "e2", "type": "inventory.updated", "occurredAt": "2026-11-27T05:00:00Z",
                 "data": {"supplierSku": "AS-TOTE", "locationId": "ams", "available": 4}}""");

        assertThat(translation).isInstanceOfSatisfying(WebhookTranslation.StockLevel.class, level -> {
            assertThat(level.data().path("supplierSku").asString()).isEqualTo("AS-TOTE");
            assertThat(level.occurredAt()).isEqualTo(Instant.parse("2026-11-27T05:00:00Z"));
        });
    }

    @Test
    void anUnknownAllocationIsSkipped() {
        assertThat(translate("""
                {"eventId": "e3", "type": "order.accepted", "data": {"reference": "A-9"}}"""))
                .isInstanceOf(WebhookTranslation.Skip.class);
    }
}
