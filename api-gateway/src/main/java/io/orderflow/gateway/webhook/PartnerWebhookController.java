package io.orderflow.gateway.webhook;

import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.supplier.PartnerSignature;
import io.orderflow.gateway.port.SupplierWebhookSecrets;
import io.orderflow.gateway.port.WebhookDeliveryLog;
import io.orderflow.gateway.port.WebhookDeliveryLog.WebhookDelivery;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Partner webhooks: the signature is checked over the raw bytes before anything parses them, and
 * 200 is answered only once the delivery log holds the delivery, so a sender that sees anything else retries.
 */
@RestController
class PartnerWebhookController {

    static final int MAX_BODY_BYTES = WebhookIngress.MAX_BODY_BYTES;
    static final Set<String> TYPES = Set.of("order.accepted", "order.rejected", "fulfillment.created",
            "shipment.tracked", "shipment.status_changed", "shipment.delivered", "inventory.updated", "invoice.issued");

    private static final JsonMapper JSON = new JsonMapper();

    private final SupplierWebhookSecrets secrets;
    private final WebhookDeliveryLog deliveries;
    private final Clock clock;

    PartnerWebhookController(SupplierWebhookSecrets secrets, WebhookDeliveryLog deliveries, Clock clock) {
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @PostMapping("/webhooks/partner/{supplierId}")
    Mono<ResponseEntity<Map<String, String>>> receive(@PathVariable("supplierId") String rawSupplierId,
                                                      ServerWebExchange exchange) {
        String supplierId = InputRules.supplierId(rawSupplierId);
        var request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > MAX_BODY_BYTES) {
            return Mono.error(WebhookIngress.tooLarge());
        }
        var signature = PartnerSignature.parse(request.getHeaders().getFirst(PartnerSignature.HEADER));
        // A stale or missing signature, or an impossible supplier id, fails before the body is even read.
        if (!WebhookIngress.SUPPLIER_ID.matcher(supplierId).matches() || signature.isEmpty()
                || !signature.get().isFresh(clock.instant())) {
            return Mono.error(unauthorized());
        }
        String correlationId = CorrelationId.of(exchange);
        return WebhookIngress.rawBody(request)
                .flatMap(body -> WebhookIngress.secretsOf(secrets, supplierId)
                        .flatMap(current -> signature.get().matchesAny(current, body)
                                ? accept(supplierId, body, correlationId)
                                : Mono.error(unauthorized())));
    }

    private Mono<ResponseEntity<Map<String, String>>> accept(String supplierId, byte[] body, String correlationId) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (JacksonException malformed) {
            return Mono.error(WebhookIngress.badRequest("The body is not valid JSON."));
        }
        if (event == null || !event.isObject()) {
            return Mono.error(WebhookIngress.badRequest("The body must be a JSON object {eventId, type, occurredAt, data}."));
        }
        String badField = WebhookIngress.controlCharacterField(event);
        if (badField != null) {
            return Mono.error(WebhookIngress.controlCharacters(badField));
        }
        String eventId = WebhookIngress.text(event, "eventId");
        String type = WebhookIngress.text(event, "type");
        if (!WebhookIngress.isId(eventId)) {
            return Mono.error(WebhookIngress.badRequest("eventId is missing or not a string of at most "
                    + WebhookIngress.MAX_ID_LENGTH + " characters without control characters."));
        }
        if (type == null || !TYPES.contains(type)) {
            return Mono.error(WebhookIngress.badRequest("type is missing or not one of " + TYPES.stream().sorted().toList() + "."));
        }
        String supplierOrderId = WebhookIngress.text(event.path("data"), "orderId");
        String key = WebhookIngress.isId(supplierOrderId) ? supplierOrderId : eventId;
        return WebhookIngress.append(deliveries, new WebhookDelivery("partner", supplierId, key, eventId,
                Map.of("type", type, "correlationId", correlationId), body));
    }

    private static ErrorResponseException unauthorized() {
        return Problems.error(HttpStatus.UNAUTHORIZED, "The " + PartnerSignature.HEADER
                + " signature is missing, stale or does not match.");
    }
}
