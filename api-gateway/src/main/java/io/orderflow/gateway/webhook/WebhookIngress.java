package io.orderflow.gateway.webhook;

import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.gateway.port.SupplierWebhookSecrets;
import io.orderflow.gateway.port.WebhookDeliveryLog;
import io.orderflow.gateway.port.WebhookDeliveryLog.WebhookDelivery;
import io.orderflow.gateway.web.Problems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What every webhook ingress does the same way: read the raw body within a size limit, find the
 * supplier's current secrets, and answer 200 only once the delivery log acknowledged the delivery (else 503, so the
 * sender retries).
 */
final class WebhookIngress {

    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final Pattern SUPPLIER_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final int MAX_ID_LENGTH = 200;

    private static final Logger log = LoggerFactory.getLogger(WebhookIngress.class);
    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SECRETS_TIMEOUT = Duration.ofSeconds(2);

    private WebhookIngress() {
    }

    /** The raw body bytes exactly as sent; 413 beyond the limit, however the sender declared its length. */
    static Mono<byte[]> rawBody(ServerHttpRequest request) {
        if (request.getHeaders().getContentLength() > MAX_BODY_BYTES) {
            return Mono.error(tooLarge());
        }
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
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge());
    }

    /** The supplier's current secrets; none for an unknown supplier, so that it meets the same 401 as a bad signature. */
    static Mono<List<String>> secretsOf(SupplierWebhookSecrets secrets, String supplierId) {
        return secretsOf(secrets.secretsOf(supplierId), "supplier " + supplierId);
    }

    /** Whoever's secrets they are (a supplier's, a retailer's store's): a lookup that fails is a 503, none a 401. */
    static Mono<List<String>> secretsOf(Mono<List<String>> lookup, String owner) {
        return lookup
                .timeout(SECRETS_TIMEOUT)
                .onErrorMap(e -> {
                    log.warn("Webhook secrets of {} unavailable: {}", owner, e.toString());
                    return unavailable();
                })
                .defaultIfEmpty(List.of());
    }

    static Mono<ResponseEntity<Map<String, String>>> append(WebhookDeliveryLog deliveries, WebhookDelivery delivery) {
        return deliveries.append(delivery)
                .timeout(APPEND_TIMEOUT)
                .then(Mono.just(ResponseEntity.ok(Map.of("status", "accepted"))))
                .onErrorMap(e -> {
                    log.warn("Webhook {} of supplier {} not appended, the sender will retry: {}", delivery.deliveryId(),
                            delivery.supplierId(), e.toString());
                    return unavailable();
                });
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    static boolean isId(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_ID_LENGTH
                && !InputRules.hasControlCharacters(value);
    }

    /**
     * The path of the first field name or string value holding a control character other than a line break or tab
     * (free text such as a note may span lines; a NUL can be stored nowhere), or null when there is none.
     */
    static String controlCharacterField(JsonNode node) {
        return controlCharacterField(node, "");
    }

    private static String controlCharacterField(JsonNode node, String path) {
        if (node.isString()) {
            return InputRules.hasControlCharacters(node.stringValue(), true) ? (path.isEmpty() ? "$" : path) : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = controlCharacterField(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (var entry : node.properties()) {
                if (InputRules.hasControlCharacters(entry.getKey(), true)) {
                    return path.isEmpty() ? "$" : path;
                }
                String found = controlCharacterField(entry.getValue(), path.isEmpty() ? entry.getKey()
                        : path + "." + entry.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A delivery that can never be applied: refused (the sender stops retrying a 4xx), never appended. */
    static ErrorResponseException controlCharacters(String field) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The body holds control characters where none may be.",
                Map.of("errors", List.of(Map.of("field", field, "message", "must not contain control characters"))));
    }

    static ErrorResponseException badRequest(String detail) {
        return Problems.error(HttpStatus.BAD_REQUEST, detail);
    }

    static ErrorResponseException tooLarge() {
        return Problems.error(HttpStatus.CONTENT_TOO_LARGE, "The body exceeds " + MAX_BODY_BYTES + " bytes.");
    }

    static ErrorResponseException unavailable() {
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE, "The delivery was not stored; retry later.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return unavailable;
    }
}
