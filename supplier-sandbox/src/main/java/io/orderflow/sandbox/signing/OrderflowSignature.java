package io.orderflow.sandbox.signing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Orderflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}, both directions. */
public final class OrderflowSignature {

    public static final String HEADER = "X-Orderflow-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private OrderflowSignature() {}

    public static String header(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, epochSeconds, body));
    }

    public static boolean verify(String header, String secret, byte[] body, Instant now) {
        if (header == null) {
            return false;
        }
        Long t = null;
        List<String> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    t = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (key.equals("v1")) {
                candidates.add(value);
            }
        }
        if (t == null || candidates.isEmpty()) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - t) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, t, body)).getBytes(UTF_8);
        boolean matched = false;
        for (String candidate : candidates) {
            // no early exit: every candidate is compared in constant time
            matched |= MessageDigest.isEqual(expected, candidate.getBytes(UTF_8));
        }
        return matched;
    }

    private static byte[] hmac(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
