package io.orderflow.infra.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * Supplier secrets (API and webhook secrets, client certificates' private keys) sealed at rest as customers' data
 * is: AES-GCM under a data key per supplier ({@code supplier:<id>}), wrapped by the key-encryption key, so that a
 * copy of the table, or of a backup, gives nothing away and the key-encryption key's rotation covers them too. A
 * stored value is {@value #PREFIX} and the base64 of nonce, ciphertext and tag; a value without the prefix was
 * stored before sealing and is read as it is until {@code SupplierSecretSealing} seals it.
 */
@Component
public class SupplierSecretSealer {

    static final String PREFIX = "sealed:v1:";

    private final DataKeys keys;

    public SupplierSecretSealer(DataKeys keys) {
        this.keys = keys;
    }

    /** Null for null. Blocking: reads (and on first use, makes) the supplier's data key. */
    public String seal(String supplierId, String secret) {
        return sealUnder(keyId(supplierId), secret);
    }

    /**
     * The same sealing under another owner's data key ({@code retailer-store:<retailer>} for a retailer's own store),
     * so that each owner's secrets die with its key.
     */
    public String sealUnder(String keyId, String secret) {
        if (secret == null) {
            return null;
        }
        byte[] sealed = Aead.encrypt(keys.keyFor(keyId, null, null), secret.getBytes(StandardCharsets.UTF_8), keyId);
        return PREFIX + Base64.getEncoder().encodeToString(sealed);
    }

    /** The secret; a value stored before sealing as it is. Blocking. */
    public String open(String supplierId, String stored) {
        return openUnder(keyId(supplierId), stored);
    }

    /** A secret sealed by {@link #sealUnder}. Blocking. */
    public String openUnder(String keyId, String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        byte[] sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        return keys.find(keyId)
                .flatMap(key -> Aead.decrypt(key, sealed, keyId))
                .map(secret -> new String(secret, StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("a secret sealed under " + keyId
                        + " does not open with its data key"));
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    private static String keyId(String supplierId) {
        return "supplier:" + supplierId;
    }
}
