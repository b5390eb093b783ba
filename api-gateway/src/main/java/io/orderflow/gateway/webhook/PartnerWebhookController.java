package io.orderflow.gateway.webhook;

import io.orderflow.gateway.port.SupplierWebhookSecrets;
import io.orderflow.gateway.port.WebhookDeliveryLog;
import io.orderflow.gateway.port.WebhookDeliveryLog.WebhookDelivery;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
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
 * Partner webhooks (DESIGN §6): the signature is checked over the raw bytes before anything parses them, and
 * 200 is answered only once the delivery log holds the delivery, so a sender that sees anything else retries.
 */
@RestController
class PartnerWebhookController {

    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final Set<String> TYPES = Set.of("order.accepted", "order.rejected", "fulfillment.created",
            "shipment.tracked", "shipment.status_changed", "shipment.delivered", "inventory.updated");

    private static final Logger log = LoggerFactory.getLogger(PartnerWebhookController.class);
    private static final Pattern SUPPLIER_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final int MAX_ID_LENGTH = 200;
    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SECRETS_TIMEOUT = Duration.ofSeconds(2);
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
    Mono<ResponseEntity<Map<String, String>>> receive(@PathVariable String supplierId, ServerWebExchange exchange) {
        var request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > MAX_BODY_BYTES) {
            return Mono.error(tooLarge());
        }
        var signature = WebhookSignature.parse(request.getHeaders().getFirst(WebhookSignature.HEADER));
        // A stale or missing signature, or an impossible supplier id, fails before the body is even read.
        if (!SUPPLIER_ID.matcher(supplierId).matches() || signature.isEmpty()
                || !signature.get().isFresh(clock.instant())) {
            return Mono.error(unauthorized());
        }
        String correlationId = CorrelationId.of(exchange);
        return DataBufferUtils.join(request.getBody(), MAX_BODY_BYTES)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
                .flatMap(body -> secretsOf(supplierId)
                        .flatMap(current -> signature.get().matchesAny(current, body)
                                ? accept(supplierId, body, correlationId)
                                : Mono.error(unauthorized())));
    }

    private Mono<List<String>> secretsOf(String supplierId) {
        return secrets.secretsOf(supplierId)
                .timeout(SECRETS_TIMEOUT)
                .onErrorMap(e -> {
                    log.warn("Webhook secrets of supplier {} unavailable: {}", supplierId, e.toString());
                    return unavailable();
                })
                // unknown supplier: the same 401 as a bad signature, so that ids cannot be probed
                .defaultIfEmpty(List.of());
    }

    private Mono<ResponseEntity<Map<String, String>>> accept(String supplierId, byte[] body, String correlationId) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (JacksonException malformed) {
            return Mono.error(badRequest("The body is not valid JSON."));
        }
        if (event == null || !event.isObject()) {
            return Mono.error(badRequest("The body must be a JSON object {eventId, type, occurredAt, data}."));
        }
        String eventId = text(event, "eventId");
        String type = text(event, "type");
        if (eventId == null || eventId.isBlank() || eventId.length() > MAX_ID_LENGTH) {
            return Mono.error(badRequest("eventId is missing or not a string of at most " + MAX_ID_LENGTH + " characters."));
        }
        if (type == null || !TYPES.contains(type)) {
            return Mono.error(badRequest("type is missing or not one of " + TYPES.stream().sorted().toList() + "."));
        }
        String supplierOrderId = text(event.path("data"), "orderId");
        String key = supplierOrderId != null && !supplierOrderId.isBlank() && supplierOrderId.length() <= MAX_ID_LENGTH
                ? supplierOrderId : eventId;
        var delivery = new WebhookDelivery("partner", supplierId, key, eventId,
                Map.of("type", type, "correlationId", correlationId), body);
        return deliveries.append(delivery)
                .timeout(APPEND_TIMEOUT)
                .then(Mono.just(ResponseEntity.ok(Map.of("status", "accepted"))))
                .onErrorMap(e -> {
                    log.warn("Webhook {} of supplier {} not appended, the sender will retry: {}", eventId, supplierId,
                            e.toString());
                    return unavailable();
                });
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static ErrorResponseException unauthorized() {
        return Problems.error(HttpStatus.UNAUTHORIZED, "The " + WebhookSignature.HEADER
                + " signature is missing, stale or does not match.");
    }

    private static ErrorResponseException badRequest(String detail) {
        return Problems.error(HttpStatus.BAD_REQUEST, detail);
    }

    private static ErrorResponseException tooLarge() {
        return Problems.error(HttpStatus.CONTENT_TOO_LARGE, "The body exceeds " + MAX_BODY_BYTES + " bytes.");
    }

    private static ErrorResponseException unavailable() {
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE, "The delivery was not stored; retry later.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return unavailable;
    }
}
