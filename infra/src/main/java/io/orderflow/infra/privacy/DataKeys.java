package io.orderflow.infra.privacy;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Data keys in table personal_data_key, each wrapped by a key-encryption key and bound to its own id. Nothing here
 * caches a data key: every read asks the table, so an erasure holds on every node from the moment it commits.
 */
@Component
public class DataKeys {

    /** The key is known but was destroyed: what it sealed can never be read again. */
    public static final class ErasedKeyException extends IllegalStateException {
        ErasedKeyException(String keyId) {
            super("the data key " + keyId + " was erased");
        }
    }

    /**
     * Where reactive callers run the blocking key reads: virtual threads, not Reactor's bounded elastic pool, which a
     * burst of placements (or a client in the same JVM) can fill until every caller times out waiting for it.
     */
    public static final Scheduler BLOCKING =
            Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "data-keys");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final KeyEncryptionKeys keks;

    public DataKeys(JdbcTemplate jdbc, KeyEncryptionKeys keks) {
        this.jdbc = jdbc;
        this.keks = keks;
    }

    /**
     * The key {@code keyId}, made and stored first if there is none; two callers racing for the same id get the
     * same key. Throws {@link ErasedKeyException} for a destroyed key: nothing new is sealed under an erased id.
     */
    public SecretKey keyFor(String keyId, String retailerId, byte[] subjectHash) {
        return find(keyId).orElseGet(() -> {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            jdbc.update("""
                    INSERT INTO personal_data_key (key_id, retailer_id, subject_hash, kek_id, wrapped_key)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING""",
                    keyId, retailerId, subjectHash, keks.currentId(), wrap(keyId, key));
            return find(keyId).orElseThrow(() -> new ErasedKeyException(keyId));
        });
    }

    /** Empty when there is no such key; throws {@link ErasedKeyException} when it was destroyed. */
    public Optional<SecretKey> find(String keyId) {
        List<Row> rows = jdbc.query("SELECT kek_id, wrapped_key, erased_at FROM personal_data_key WHERE key_id = ?",
                (rs, n) -> new Row(rs.getString(1), rs.getBytes(2), rs.getTimestamp(3) != null), keyId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row row = rows.getFirst();
        if (row.erased() || row.wrapped() == null) {
            throw new ErasedKeyException(keyId);
        }
        return Optional.of(unwrap(keyId, row));
    }

    /** Whether the key was destroyed; false for a key that never existed. */
    public boolean isErased(String keyId) {
        return !jdbc.queryForList("SELECT 1 FROM personal_data_key WHERE key_id = ? AND erased_at IS NOT NULL",
                Integer.class, keyId).isEmpty();
    }

    byte[] wrap(String keyId, byte[] key) {
        return Aead.encrypt(keks.current(), key, "data-key:" + keyId);
    }

    SecretKey unwrap(String keyId, String kekId, byte[] wrapped) {
        return unwrap(keyId, new Row(kekId, wrapped, false));
    }

    private SecretKey unwrap(String keyId, Row row) {
        SecretKey kek = keks.byId(row.kekId());
        if (kek == null) {
            throw new IllegalStateException("the data key " + keyId + " is wrapped by key-encryption key "
                    + row.kekId() + ", which is not configured: add it to orderflow.privacy.previous-keks");
        }
        byte[] key = Aead.decrypt(kek, row.wrapped(), "data-key:" + keyId)
                .orElseThrow(() -> new IllegalStateException("the data key " + keyId + " does not unwrap with "
                        + row.kekId() + ": it was changed, or belongs to another key id"));
        return new SecretKeySpec(key, "AES");
    }

    private record Row(String kekId, byte[] wrapped, boolean erased) {
    }
}
