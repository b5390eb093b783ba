package io.orderflow.gateway.platform;

import io.orderflow.gateway.port.ApiKeyStore;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New API keys: {@value #MARK} and 32 random bytes in URL-safe base64 (256 bits, so that a SHA-256 without salt or
 * stretching is enough to store them). The mark lets people and secret scanners recognise an orderflow key; the
 * prefix shown in listings is the mark and the first 8 characters of the random part.
 */
final class ApiKeySecrets {

    static final String MARK = "of_";
    static final int PREFIX_LENGTH = MARK.length() + 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    record Secret(String key, String hash, String prefix) {
        @Override
        public String toString() {
            return "Secret[" + prefix + "…]";
        }
    }

    private ApiKeySecrets() {
    }

    static Secret next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String key = MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Secret(key, ApiKeyStore.sha256Hex(key), key.substring(0, PREFIX_LENGTH));
    }
}
