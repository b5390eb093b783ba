package io.orderflow.infra.privacy;

import java.util.List;

import javax.crypto.SecretKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotation of the key-encryption key: once the service runs, every data key still wrapped by a previous key is
 * rewrapped by the current one, {@value #BATCH} rows per transaction (rows another node is rewrapping are skipped,
 * not waited for). Only the wrapping changes: no sealed data is touched, so no event changes and every seal holds.
 * When the log says none is left, the previous key can be removed from the configuration.
 */
@Component
class KekRotation {

    private static final Logger log = LoggerFactory.getLogger(KekRotation.class);
    static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KeyEncryptionKeys keks;
    private final DataKeys keys;

    KekRotation(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, KeyEncryptionKeys keks,
                DataKeys keys) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.keks = keks;
        this.keys = keys;
    }

    @EventListener(ApplicationReadyEvent.class)
    void rewrapInBackground() {
        Thread.ofVirtual().name("kek-rotation").start(() -> {
            try {
                rewrapAll();
            } catch (RuntimeException e) {
                log.error("Rewrapping data keys under the current key-encryption key stopped; it resumes at the"
                        + " next start", e);
            }
        });
    }

    /** Rewraps until no data key is wrapped by an older key; answers how many were rewrapped. */
    long rewrapAll() {
        long total = 0;
        if (keks.previousIds().isEmpty()) {
            return 0;
        }
        int done;
        do {
            done = transactions.execute(tx -> rewrapBatch());
            total += done;
        } while (done > 0);
        long left = jdbc.queryForObject(
                "SELECT count(*) FROM personal_data_key WHERE kek_id IS NOT NULL AND kek_id <> ?", Long.class,
                keks.currentId());
        if (total > 0 || left > 0) {
            log.info("Rewrapped {} data keys under key-encryption key {}; {} left under keys that are not configured",
                    total, keks.currentId(), left);
        }
        return total;
    }

    private int rewrapBatch() {
        record Wrapped(String keyId, String kekId, byte[] wrapped) {
        }
        List<Wrapped> batch = jdbc.query("""
                SELECT key_id, kek_id, wrapped_key FROM personal_data_key
                 WHERE kek_id = ANY (?)
                 LIMIT ? FOR UPDATE SKIP LOCKED""",
                (rs, n) -> new Wrapped(rs.getString(1), rs.getString(2), rs.getBytes(3)),
                keks.previousIds().toArray(String[]::new), BATCH);
        int rewrapped = 0;
        for (Wrapped row : batch) {
            SecretKey key = keys.unwrap(row.keyId(), row.kekId(), row.wrapped());
            rewrapped += jdbc.update("UPDATE personal_data_key SET kek_id = ?, wrapped_key = ? WHERE key_id = ?",
                    keks.currentId(), keys.wrap(row.keyId(), key.getEncoded()), row.keyId());
        }
        return rewrapped;
    }
}
