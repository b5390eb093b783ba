package io.orderflow.coreapi.supplier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The partner API's signature, in both directions (our requests to a partner, a partner's webhooks to us):
 * {@code X-Orderflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}. Several v1 values may
 * be sent (a sender rotating its secret); any one matching any current secret will do.
 */
public record PartnerSignature(long timestamp, List<byte[]> candidates) {

    public static final String HEADER = "X-Orderflow-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final int MAX_HEADER_LENGTH = 1024;
    private static final int SHA256_BYTES = 32;

    /** The header value signing this body at this time with this secret. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /** The header's time and v1 values; empty when it is missing, too long, or malformed. */
    public static Optional<PartnerSignature> parse(String header) {
        if (header == null || header.length() > MAX_HEADER_LENGTH) {
            return Optional.empty();
        }
        Long timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (name.equals("t")) {
                    timestamp = Long.parseLong(value);
                } else if (name.equals("v1") && value.length() == 2 * SHA256_BYTES) {
                    candidates.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        }
        return timestamp == null || candidates.isEmpty()
                ? Optional.empty()
                : Optional.of(new PartnerSignature(timestamp, candidates));
    }

    public boolean isFresh(Instant now) {
        return Math.abs(now.getEpochSecond() - timestamp) <= TOLERANCE.toSeconds();
    }

    /** Compares every candidate with every secret, in constant time, without stopping at the first match. */
    public boolean matchesAny(List<String> secrets, byte[] body) {
        boolean matched = false;
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            byte[] expected = hmac(secret, timestamp, body);
            for (byte[] candidate : candidates) {
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched;
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
