package io.orderflow.gateway.tracking;

import io.orderflow.coreapi.shared.SecretFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Unguessable tracking links: {@code base64url(orderId) "." base64url(HMAC-SHA256(orderId)[0..16])}. The token
 * names the order without a lookup table, and only this server can make one.
 */
@Component
public class TrackingTokens {

    private static final Logger log = LoggerFactory.getLogger(TrackingTokens.class);
    private static final String HMAC = "HmacSHA256";
    private static final int TAG_BYTES = 16;
    // an order id is a UUID; anything much longer is not a token of ours
    private static final int MAX_TOKEN_LENGTH = 256;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final String baseUrl;

    /**
     * The key, in this order: {@code orderflow.tracking.secret} (env {@code ORDERFLOW_TRACKING_SECRET}); else the key
     * kept in {@code orderflow.tracking.secret-file}, made there once (the embedded default points it into its data
     * directory); else a random one, with a warning that links then die with this instance.
     */
    @Autowired
    TrackingTokens(@Value("${orderflow.tracking.secret:}") String secret,
                   @Value("${orderflow.tracking.secret-file:}") String secretFile,
                   @Value("${orderflow.public-base-url:http://localhost:8080}") String publicBaseUrl) {
        byte[] keyBytes;
        if (secret != null && !secret.isBlank()) {
            keyBytes = secret.getBytes(StandardCharsets.UTF_8);
        } else if (secretFile != null && !secretFile.isBlank()) {
            keyBytes = SecretFile.readOrCreate(Path.of(secretFile));
        } else {
            keyBytes = new byte[SecretFile.KEY_BYTES];
            new SecureRandom().nextBytes(keyBytes);
            log.warn("Neither orderflow.tracking.secret (ORDERFLOW_TRACKING_SECRET) nor orderflow.tracking.secret-file"
                    + " is set: tracking links are signed with a random key, so every link issued now stops working"
                    + " when this instance restarts, and is not valid on other instances. Set one of them.");
        }
        this.key = new SecretKeySpec(keyBytes, HMAC);
        this.baseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    TrackingTokens(String secret, String publicBaseUrl) {
        this(secret, "", publicBaseUrl);
    }

    public String token(String orderId) {
        byte[] id = orderId.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(id) + "." + ENCODER.encodeToString(tag(id));
    }

    public String trackingUrl(String orderId) {
        return baseUrl + "/track/" + token(orderId);
    }

    /** The order id the token was issued for, if this server issued it. Compares in constant time. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] id = DECODER.decode(token.substring(0, dot));
            byte[] presented = DECODER.decode(token.substring(dot + 1));
            return MessageDigest.isEqual(tag(id), presented)
                    ? Optional.of(new String(id, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private byte[] tag(byte[] orderId) {
        try {
            // Mac instances are not thread-safe and cheap to make
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(orderId), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
