package io.orderflow.infra.connector;

import io.orderflow.infra.privacy.SupplierSecretSealer;

import java.sql.Array;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals, once the service runs, the supplier secrets stored before they were sealed (and the seed suppliers' of the
 * migrations). Rows are locked while they are sealed, so two nodes starting together seal each value once.
 */
@Component
class SupplierSecretSealing {

    private static final Logger log = LoggerFactory.getLogger(SupplierSecretSealing.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SupplierSecretSealer sealer;

    SupplierSecretSealing(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                          SupplierSecretSealer sealer) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.sealer = sealer;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sealWhatIsStillInClearText() {
        try {
            int sealed = sealAll();
            if (sealed > 0) {
                log.info("Sealed the secrets of {} suppliers that were stored in clear text", sealed);
            }
        } catch (RuntimeException e) {
            log.error("Sealing supplier secrets stored in clear text failed; they are read as they are, and sealed at"
                    + " the next start", e);
        }
    }

    /** Answers how many suppliers' rows were sealed. */
    int sealAll() {
        return transactions.execute(tx -> {
            record Row(String supplierId, String apiSecret, List<String> webhookSecrets, String clientKey) {
                boolean inClearText() {
                    return clear(apiSecret) || clear(clientKey) || webhookSecrets.stream().anyMatch(Row::clear);
                }

                static boolean clear(String value) {
                    return value != null && !SupplierSecretSealer.isSealed(value);
                }
            }
            List<Row> rows = jdbc.query("""
                    SELECT supplier_id, api_secret, webhook_secrets, client_key_pem FROM supplier_secret
                    ORDER BY supplier_id FOR UPDATE""", (rs, n) -> {
                Array webhook = rs.getArray(3);
                return new Row(rs.getString(1), rs.getString(2),
                        webhook == null ? List.of() : Arrays.asList((String[]) webhook.getArray()), rs.getString(4));
            });
            int sealed = 0;
            for (Row row : rows) {
                if (!row.inClearText()) {
                    continue;
                }
                String id = row.supplierId();
                String[] webhookSecrets = row.webhookSecrets().stream()
                        .map(secret -> Row.clear(secret) ? sealer.seal(id, secret) : secret)
                        .toArray(String[]::new);
                jdbc.update("UPDATE supplier_secret SET api_secret = ?, webhook_secrets = ?, client_key_pem = ?"
                                + " WHERE supplier_id = ?",
                        Row.clear(row.apiSecret()) ? sealer.seal(id, row.apiSecret()) : row.apiSecret(),
                        webhookSecrets,
                        Row.clear(row.clientKey()) ? sealer.seal(id, row.clientKey()) : row.clientKey(), id);
                sealed++;
            }
            return sealed;
        });
    }
}
