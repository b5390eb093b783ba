package io.orderflow.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code X-Shopify-Hmac-Sha256}: the base64 HMAC-SHA256 of the raw body with the shop's webhook secret. Either of the
 * supplier's current secrets may have signed it (rotation).
 */
record ShopifyHmac(byte[] candidate) {

    static final String HEADER = "X-Shopify-Hmac-Sha256";
    private static final int SHA256_BYTES = 32;
    private static final int MAX_HEADER_LENGTH = 100;

    static Optional<ShopifyHmac> parse(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER_LENGTH) {
            return Optional.empty();
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(header.trim());
            return decoded.length == SHA256_BYTES ? Optional.of(new ShopifyHmac(decoded)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** Compares with every secret in constant time, without stopping at the first match. */
    boolean matchesAny(List<String> secrets, byte[] body) {
        boolean matched = false;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                matched |= MessageDigest.isEqual(hmac(secret, body), candidate);
            }
        }
        return matched;
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String sign(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(hmac(secret, body));
    }

    /** A Shopify delivery whose signature matched, read: its topic (one of those expected), id and JSON object. */
    record Delivery(String topic, String webhookId, JsonNode payload) {

        private static final JsonMapper JSON = new JsonMapper();

        /** Refuses with a 400 problem what can never be applied: an unknown topic, no id, no JSON object. */
        static Mono<Delivery> of(HttpHeaders headers, byte[] body, Set<String> topics) {
            return Mono.fromCallable(() -> read(headers, body, topics));
        }

        private static Delivery read(HttpHeaders headers, byte[] body, Set<String> topics) {
            String topic = headers.getFirst("X-Shopify-Topic");
            String webhookId = headers.getFirst("X-Shopify-Webhook-Id");
            if (topic == null || !topics.contains(topic)) {
                throw WebhookIngress.badRequest("X-Shopify-Topic is missing or not one of "
                        + topics.stream().sorted().toList() + ".");
            }
            if (!WebhookIngress.isId(webhookId)) {
                throw WebhookIngress.badRequest("X-Shopify-Webhook-Id is missing or longer than "
                        + WebhookIngress.MAX_ID_LENGTH + " characters.");
            }
            JsonNode payload;
            try {
                payload = JSON.readTree(body);
            } catch (JacksonException malformed) {
                throw WebhookIngress.badRequest("The body is not valid JSON.");
            }
            if (payload == null || !payload.isObject()) {
                throw WebhookIngress.badRequest("The body must be a JSON object.");
            }
            String badField = WebhookIngress.controlCharacterField(payload);
            if (badField != null) {
                throw WebhookIngress.controlCharacters(badField);
            }
            return new Delivery(topic, webhookId, payload);
        }
    }
}
