package io.orderflow.coreapi.order;

/**
 * The customer's personal data as events carry it: encrypted under the data key {@code keyId} (one per order),
 * which the key-encryption key wraps. Destroying that data key (erasure) leaves this unreadable for good, while the
 * event, and the hash chain that seals it, stay as they are.
 *
 * @param scheme {@link #AES_GCM}, or {@link #CLEAR} for an order placed before personal data was encrypted: then
 *               the ciphertext is the data itself, base64-encoded, and erasure can hide it but not destroy it
 */
public record SealedPersonalData(String keyId, String scheme, String ciphertext) {

    public static final String AES_GCM = "A256GCM";
    public static final String CLEAR = "clear";

    @Override
    public String toString() {
        return "SealedPersonalData[" + keyId + ", " + scheme + "]";
    }
}
