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
        if (secret == null) {
            return null;
        }
        String keyId = keyId(supplierId);
        byte[] sealed = Aead.encrypt(keys.keyFor(keyId, null, null), secret.getBytes(StandardCharsets.UTF_8), keyId);
        return PREFIX + Base64.getEncoder().encodeToString(sealed);
    }

    /** The secret; a value stored before sealing as it is. Blocking. */
    public String open(String supplierId, String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        String keyId = keyId(supplierId);
        byte[] sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        return keys.find(keyId)
                .flatMap(key -> Aead.decrypt(key, sealed, keyId))
                .map(secret -> new String(secret, StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("a secret of supplier " + supplierId
                        + " does not open with its data key"));
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    private static String keyId(String supplierId) {
        return "supplier:" + supplierId;
    }
}
