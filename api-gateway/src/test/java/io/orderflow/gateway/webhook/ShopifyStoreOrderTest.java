package io.orderflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.shared.RetailerId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ShopifyStoreOrderTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String ORDER = """
            {"id":820982911946154508,"name":"#1001","currency":"EUR","email":"ana@example.org",
             "created_at":"2026-12-06T10:00:00+01:00","buyer_accepts_marketing":false,
             "customer":{"first_name":"Ana","last_name":"Example","phone":"+49 30 1",
               "email_marketing_consent":{"state":"subscribed","consent_updated_at":"2026-11-01T09:00:00Z"},
               "sms_marketing_consent":{"state":"not_subscribed"}},
             "shipping_address":{"first_name":"Ana","last_name":"Example","address1":"Hauptstraße 1","city":"Berlin",
               "zip":"10115","province_code":"BE","country_code":"DE","latitude":52.520008,"longitude":13.404954},
             "line_items":[{"id":466157049,"sku":"MUG-LOGO","quantity":2,"price":"9.90","title":"Mug"},
                           {"id":518995019,"sku":"","quantity":1,"price":"4.00","title":"Gift wrap"},
                           {"id":703073504,"sku":"SCARF","quantity":1,"price":"12.00","title":"Scarf"}]}""";

    @Test
    void mapsTheStoresLinesCustomerAddressAndConsent() {
        var order = ShopifyStoreOrder.of(JSON.readTree(ORDER));

        assertThat(order.externalOrderId()).isEqualTo("shopify-820982911946154508");
        assertThat(order.lines()).extracting(ShopifyStoreOrder.Line::lineId)
                .containsExactly("466157049", "518995019", "703073504");
        assertThat(order.lines().get(0).unitPrice()).isEqualByComparingTo(new BigDecimal("9.90"));
        assertThat(order.lines().get(1).sku()).isNull();
        assertThat(order.personalData().customer().name()).isEqualTo("Ana Example");
        assertThat(order.personalData().customer().email()).isEqualTo("ana@example.org");
        assertThat(order.personalData().shipTo().country()).isEqualTo("DE");
        assertThat(order.personalData().shipTo().line1()).isEqualTo("Hauptstraße 1");
        assertThat(order.consent().email()).isTrue();
        assertThat(order.consent().sms()).isFalse();
        assertThat(order.consent().givenAt()).isEqualTo(Instant.parse("2026-11-01T09:00:00Z"));
        assertThat(order.toString()).doesNotContain("Ana").doesNotContain("Hauptstraße");
    }

    @Test
    void linesWithoutOrWithUnknownSkusHoldTheOrderAndStayInIt() {
        var order = ShopifyStoreOrder.of(JSON.readTree(ORDER));
        var retailer = new RetailerId("acme");
        var command = order.toCommand(OrderId.of(retailer, order.externalOrderId()), retailer, Instant.now(),
                new SealedPersonalData("k", SealedPersonalData.AES_GCM, "c2VhbGVk"), Set.of("MUG-LOGO"));

        assertThat(command.lines()).hasSize(3);
        assertThat(command.lines().get(1).sku().value()).isEqualTo(ShopifyStoreOrder.NO_SKU);
        assertThat(command.holdReason()).contains("line 518995019 (Gift wrap) has no SKU in the store")
                .contains("line 703073504: SKU SCARF is in no supplier's catalog")
                .doesNotContain("466157049");
        assertThat(order.holdReason(Set.of("MUG-LOGO", "SCARF", "x"))).contains("518995019");
        assertThat(command.channel()).isEqualTo("shopify");
        assertThat(command.destination().latitude()).isEqualTo(52.52);
    }

    @Test
    void anOrderWithoutAShippingAddressShipsToItsBillingAddressAndWithoutEitherIsRefused() {
        var billing = ORDER.replace("\"shipping_address\"", "\"billing_address\"");
        assertThat(ShopifyStoreOrder.of(JSON.readTree(billing)).personalData().shipTo().city()).isEqualTo("Berlin");
        var neither = ORDER.replace("\"shipping_address\"", "\"note_address\"");
        assertThatThrownBy(() -> ShopifyStoreOrder.of(JSON.readTree(neither)))
                .isInstanceOfSatisfying(ShopifyStoreOrder.Invalid.class,
                        invalid -> assertThat(invalid.field).isEqualTo("shipping_address"));
    }

    @Test
    void whatCannotBeAnOrderIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ShopifyStoreOrder.of(JSON.readTree(ORDER.replace("\"quantity\":2", "\"quantity\":0"))))
                .isInstanceOfSatisfying(ShopifyStoreOrder.Invalid.class,
                        invalid -> assertThat(invalid.field).isEqualTo("line_items[0].quantity"));
        assertThatThrownBy(() -> ShopifyStoreOrder.of(JSON.readTree(ORDER.replace("\"EUR\"", "\"eur\""))))
                .isInstanceOfSatisfying(ShopifyStoreOrder.Invalid.class,
                        invalid -> assertThat(invalid.field).isEqualTo("currency"));
        assertThatThrownBy(() -> ShopifyStoreOrder.of(JSON.readTree(ORDER.replace("\"MUG-LOGO\"",
                "\"4111 1111 1111 1111\"")))).isInstanceOfSatisfying(ShopifyStoreOrder.Invalid.class,
                invalid -> assertThat(invalid.field).isEqualTo("line_items[0].sku"));
        assertThatThrownBy(() -> ShopifyStoreOrder.of(JSON.readTree(ORDER.replace("\"price\":\"9.90\"",
                "\"price\":\"-1\"")))).isInstanceOf(ShopifyStoreOrder.Invalid.class);
    }
}
