package io.orderflow.gateway.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import reactor.core.publisher.Mono;

/** Port: API keys, looked up by the SHA-256 hex of the key (keys are never stored in clear). */
public interface ApiKeyStore {

    Mono<ApiKey> findByHash(String sha256Hex);

    /** How keys are stored and looked up: lower-case hex of SHA-256 over the key's UTF-8 bytes. */
    static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    record ApiKey(String name, String retailerId, Set<String> scopes) {
    }
}
