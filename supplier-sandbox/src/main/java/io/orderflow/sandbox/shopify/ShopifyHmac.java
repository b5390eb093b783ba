package io.orderflow.sandbox.shopify;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Shopify-Hmac-Sha256}: the base64 HMAC-SHA256 of the raw body with the shop's webhook secret. */
public final class ShopifyHmac {

    public static final String HEADER = "X-Shopify-Hmac-Sha256";

    private ShopifyHmac() {}

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
