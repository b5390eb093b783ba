package io.orderflow.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
}
