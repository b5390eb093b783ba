package io.orderflow.infra.privacy;

import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;

import java.util.Base64;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events stored before personal data was sealed (revision 1) carried the customer and the address in clear text.
 * Read today, they take the sealed shape with {@link SealedPersonalData#CLEAR}: every reader then goes through the
 * vault, which honours an erasure of such an order, and the destination is what routing saw then. The stored bytes
 * do not change; the audit chain seals them as they are.
 */
final class ClearTextPersonalDataUpcasters {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClearTextPersonalDataUpcasters() {
    }

    @Component
    @Order(0)
    static class OrderPlaced extends SingleEventUpcaster {

        private static final SimpleSerializedType FROM = new SimpleSerializedType(OrderPlacedEvent.class.getName(), "1");
        private static final SimpleSerializedType TO = new SimpleSerializedType(OrderPlacedEvent.class.getName(), "2");

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            return FROM.equals(representation.getType());
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(TO, JsonNode.class, payload -> {
                ObjectNode event = (ObjectNode) payload.deepCopy();
                JsonNode shipTo = event.get("shipTo");
                if (shipTo != null && shipTo.isObject()) {
                    ObjectNode destination = event.putObject("destination");
                    for (String field : new String[] {"country", "region", "city", "latitude", "longitude"}) {
                        if (shipTo.has(field)) {
                            destination.set(field, shipTo.get(field));
                        }
                    }
                }
                seal(event);
                return event;
            });
        }
    }

    @Component
    @Order(0)
    static class SupplierOrderSubmissionRequested extends SingleEventUpcaster {

        private static final SimpleSerializedType FROM =
                new SimpleSerializedType(SupplierOrderSubmissionRequestedEvent.class.getName(), "1");
        private static final SimpleSerializedType TO =
                new SimpleSerializedType(SupplierOrderSubmissionRequestedEvent.class.getName(), "2");

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            return FROM.equals(representation.getType());
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(TO, JsonNode.class, payload -> {
                ObjectNode event = (ObjectNode) payload.deepCopy();
                seal(event);
                return event;
            });
        }
    }

    /** Moves customer and shipTo into personalData, as clear text under the order's id. */
    private static void seal(ObjectNode event) {
        ObjectNode clear = JSON.createObjectNode();
        JsonNode customer = event.remove("customer");
        JsonNode shipTo = event.remove("shipTo");
        clear.set("customer", customer);
        clear.set("shipTo", shipTo);
        JsonNode orderId = event.path("orderId").path("value");
        ObjectNode sealed = event.putObject("personalData");
        sealed.put("keyId", orderId.isString() ? orderId.asString() : null);
        sealed.put("scheme", SealedPersonalData.CLEAR);
        sealed.put("ciphertext", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(clear)));
    }
}
