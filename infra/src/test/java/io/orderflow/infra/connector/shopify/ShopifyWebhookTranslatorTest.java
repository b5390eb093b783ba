package io.orderflow.infra.connector.shopify;

import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.infra.connector.AllocationLinks;
import io.orderflow.infra.connector.AllocationUnits;
import io.orderflow.infra.connector.WebhookTranslation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Shopify deliveries in our terms, against allocation links kept in memory. */
class ShopifyWebhookTranslatorTest {

    private final List<String> unitReads = new ArrayList<>();
    private final AllocationLinks links = new AllocationLinks() {
        @Override
        public Optional<String> orderOf(String supplierId, String allocationId) {
            return allocationId.equals("A-1") ? Optional.of("O-1") : Optional.empty();
        }

        @Override
        public Optional<Link> bySupplierOrder(String supplierId, String supplierOrderRef) {
            return supplierOrderRef.equals("gid://shopify/Order/7") ? Optional.of(new Link("O-1", "A-1"))
                    : Optional.empty();
        }

        @Override
        public Optional<String> supplierOrderRef(String allocationId) {
            return Optional.empty();
        }

        @Override
        public AllocationUnits units(String allocationId) {
            unitReads.add(allocationId);
            // L1: 2 six-packs of AS-TOTE, L2: 3 mugs of AS-MUG
            return new AllocationUnits(List.of(new AllocationUnits.Line("L1", 2, "AS-TOTE", 12),
                    new AllocationUnits.Line("L2", 3, "AS-MUG", 3)));
        }
    };
    private final ShopifyWebhookTranslator translator = new ShopifyWebhookTranslator(links, null, null, null);

    private List<WebhookTranslation> translate(String topic, String body) {
        return translator.translate("shop-1", topic, body.getBytes(StandardCharsets.UTF_8), 0, "corr-1");
    }

    @Test
    void aFulfillmentNamesOurLinesByPropertyOrSkuInRetailerItemsAndReadsTheAllocationOnce() {
        var translations = translate("fulfillments/create", """
                {"id": 99, "order_id": 7, "created_at": "2026-11-27T05:01:02-05:00",
                 "tracking_number": "TRK-1", "tracking_company": "DHL",
                 "line_items": [
                   {"sku": "AS-TOTE", "quantity": 12,
                    "properties": [{"name": "_orderflow_line", "value": "L1"}]},
                   {"sku": "AS-MUG", "quantity": 2, "properties": []}]}""");

        assertThat(translations).hasSize(2).allSatisfy(t -> assertThat(t).isInstanceOf(WebhookTranslation.Commands.class));
        var created = (CreateFulfillmentCommand) ((WebhookTranslation.Commands) translations.get(0)).commands().get(0);
        assertThat(created.fulfillmentId()).isEqualTo("gid://shopify/Fulfillment/99");
        assertThat(created.lines()).containsExactly(new LineQuantity("L1", 2), new LineQuantity("L2", 2));
        assertThat(((WebhookTranslation.Commands) translations.get(1)).commands())
                .singleElement().isInstanceOf(TrackShipmentCommand.class);
        assertThat(unitReads).containsExactly("A-1");
    }

    @Test
    void anOrderOfAnotherAllocationIsSkipped() {
        assertThat(translate("orders/cancelled", """
                {"id": 8, "tags": "alloc-A-9", "cancel_reason": "customer"}"""))
                .singleElement().isInstanceOf(WebhookTranslation.Skip.class);
    }
}
