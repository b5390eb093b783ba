package io.orderflow.gateway.webhook;

import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shopify's order and fulfillment webhooks carry the customer and the addresses (a fulfillment's
 * {@code destination}, an order's {@code customer}, {@code shipping_address}, {@code email}, ...). orderflow reads
 * none of them, so they are dropped before the delivery is logged to Kafka: the supplier's copy of the customer's
 * data must not become a second, unsealed copy of ours. The signature was checked over the bytes as received.
 */
final class ShopifyPersonalFields {

    static final Set<String> PERSONAL = Set.of("customer", "email", "contact_email", "phone", "shipping_address",
            "billing_address", "destination", "client_details", "browser_ip", "note", "note_attributes",
            "first_name", "last_name", "address1", "address2", "zip");

    private ShopifyPersonalFields() {
    }

    /** A copy of the payload without those fields, at any depth. */
    static JsonNode withoutPersonalData(JsonNode payload) {
        JsonNode copy = payload.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(PERSONAL);
        }
        for (JsonNode child : node) {
            strip(child);
        }
    }
}
