package io.orderflow.infra.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The audit hash chain: {@code h(n) = SHA-256(h(n-1) || event n)}, events in global-index order,
 * {@code h(0)} 32 zero bytes. An event enters with every stored column, each length-prefixed so that no two
 * different events can encode alike: global index, event id, aggregate type and id, sequence, payload type and
 * revision, timestamp, payload bytes, metadata bytes.
 */
final class AuditChainHash {

    static final byte[] GENESIS = new byte[32];
    private static final int ABSENT = -1;

    private AuditChainHash() {
    }

    static byte[] next(byte[] previous, StoredEventRow event) {
        MessageDigest sha256 = sha256();
        sha256.update(previous);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(event.globalIndex()).array());
        field(sha256, event.eventId());
        field(sha256, event.aggregateType());
        field(sha256, event.aggregateId());
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(event.sequence()).array());
        field(sha256, event.payloadType());
        field(sha256, event.payloadRevision());
        field(sha256, event.timestamp());
        field(sha256, event.payload());
        field(sha256, event.metadata());
        return sha256.digest();
    }

    private static void field(MessageDigest sha256, String value) {
        field(sha256, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(MessageDigest sha256, byte[] value) {
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(value == null ? ABSENT : value.length).array());
        if (value != null) {
            sha256.update(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
