package io.orderflow.infra.connector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A partner's mutual TLS material, PEM, as stored: the client certificate and key we present (both or neither) and the
 * CA certificates we trust for its server (null: the JVM's default trust). Never logged (see {@link #toString()}).
 */
public record SupplierTls(String certificatePem, String keyPem, String trustedCaPem) {

    /** Null when there is nothing to present and nothing special to trust: the plain client will do. */
    static SupplierTls ofNullable(String certificatePem, String keyPem, String trustedCaPem) {
        return certificatePem == null && trustedCaPem == null ? null
                : new SupplierTls(certificatePem, certificatePem == null ? null : keyPem, trustedCaPem);
    }

    /** Changes whenever any of the material does: a cached SSL context built from other material is stale. */
    String digest() {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {certificatePem, keyPem, trustedCaPem}) {
                sha.update((part == null ? "-" : "+" + part.length() + ":" + part).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SupplierTls[" + (certificatePem == null ? "no client certificate" : "client certificate") + ", "
                + (trustedCaPem == null ? "default trust" : "own CA") + "]";
    }
}
