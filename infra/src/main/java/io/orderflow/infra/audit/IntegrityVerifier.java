package io.orderflow.infra.audit;

import io.orderflow.gateway.port.AuditTrail.IntegrityReport;
import io.orderflow.gateway.port.AuditTrail.Mismatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the audit chain from the stored events and compares it, event by event, with the chain the sealer
 * stored, and the chain with the seals. Each event is checked against its own stored link (the previous stored
 * hash and its own content must give its stored hash), so one changed event is named alone instead of every event
 * after it. Streams the events (a cursor in a read-only transaction): memory does not grow with history.
 */
@Component
class IntegrityVerifier {

    static final int MAX_PROBLEMS = 50;
    /** Axon Server mode: the events are not in PostgreSQL, so there is no chain to check (README, Axon Server mode). */
    static final String NOT_SEALED = "NOT_SEALED";
    private static final int FETCH = 1_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final boolean axonServer;

    IntegrityVerifier(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                      @Value("${axon.axonserver.enabled:true}") boolean axonServer) {
        this.jdbc = jdbc;
        this.axonServer = axonServer;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    IntegrityReport verify(String retailerId) {
        if (axonServer) {
            // an empty table would verify as VERIFIED: say instead that nothing is sealed here
            return new IntegrityReport(NOT_SEALED,
                    retailerId == null ? IntegrityReport.PLATFORM : IntegrityReport.RETAILER, 0, 0, 0, 0, 0, 0, List.of());
        }
        long started = System.nanoTime();
        return readOnly.execute(tx -> {
            var state = jdbc.queryForObject(
                    "SELECT chained_through, settled_position FROM audit_chain_state WHERE id = 1",
                    (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
            List<Seal> seals = jdbc.query("""
                            SELECT seal_no, covered_from, covered_through, event_count, previous_hash, hash
                            FROM audit_seal ORDER BY seal_no""",
                    (rs, i) -> new Seal(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBytes(5),
                            rs.getBytes(6)));
            var walk = new Walk(seals, retailerId);
            var cursor = new JdbcTemplate(jdbc.getDataSource());
            cursor.setFetchSize(FETCH);
            cursor.query("""
                    SELECT e.globalindex, e.eventidentifier, e.type, e.aggregateidentifier, e.sequencenumber, e.payloadtype,
                           e.payloadrevision, e."timestamp", e.payload, e.metadata,
                           c.global_index AS chain_index, c.event_id AS chain_event_id, c.hash AS chain_hash
                    FROM (SELECT * FROM domainevententry WHERE globalindex <= ?) e
                    FULL OUTER JOIN (SELECT * FROM audit_chain WHERE global_index <= ?) c
                         ON c.global_index = e.globalindex
                    ORDER BY coalesce(e.globalindex, c.global_index)""",
                    (RowCallbackHandler) walk::row, state[0], state[0]);
            walk.finish();
            long sealedThrough = seals.isEmpty() ? 0 : seals.getLast().coveredThrough();
            return new IntegrityReport(walk.problems.isEmpty() ? "VERIFIED" : "TAMPERED",
                    retailerId == null ? IntegrityReport.PLATFORM : IntegrityReport.RETAILER, seals.size(), walk.checked,
                    sealedThrough, state[0], state[1], (System.nanoTime() - started) / 1_000_000,
                    List.copyOf(walk.problems));
        });
    }

    private record Seal(long sealNo, long coveredFrom, long coveredThrough, long eventCount, byte[] previousHash,
                        byte[] hash) {
    }

    private static final class Walk {
        private final List<Seal> seals;
        private final String retailerId;
        private final List<Mismatch> problems = new ArrayList<>();
        private int sealIndex;
        private byte[] storedPrevious = AuditChainHash.GENESIS;
        private byte[] previousSealHash = AuditChainHash.GENESIS;
        private long countInSeal;
        private boolean rowProblemInSeal;
        private long checked;

        Walk(List<Seal> seals, String retailerId) {
            this.seals = seals;
            this.retailerId = retailerId;
        }

        void row(ResultSet rs) throws SQLException {
            long chainIndex = rs.getLong("chain_index");
            boolean chained = !rs.wasNull();
            long eventIndex = rs.getLong("globalindex");
            boolean stored = !rs.wasNull();
            long index = stored ? eventIndex : chainIndex;
            closeSealsBefore(index);
            if (!stored) {
                checked += retailerId == null ? 1 : 0;
                byte[] hash = rs.getBytes("chain_hash");
                problem(index, rs.getString("chain_event_id"), null, null, "DELETED",
                        "the event chained at this position is no longer in the event store");
                storedPrevious = hash;
                countInSeal++;
                return;
            }
            var event = StoredEventRow.read(rs);
            if (isVisible(event)) {
                checked++;
            }
            if (!chained) {
                problem(event, "INSERTED", "the event appeared inside history that was already chained");
                return;
            }
            byte[] storedHash = rs.getBytes("chain_hash");
            byte[] recomputed = AuditChainHash.next(storedPrevious, event);
            if (!event.eventId().equals(rs.getString("chain_event_id"))) {
                problem(event, "CHANGED", "another event now stands at this position (chained as "
                        + rs.getString("chain_event_id") + ")");
            } else if (!Arrays.equals(recomputed, storedHash)) {
                problem(event, "CHANGED", "its stored content no longer gives its chained hash "
                        + HexFormat.of().formatHex(storedHash, 0, 8) + "…");
            }
            storedPrevious = storedHash;
            countInSeal++;
        }

        void finish() {
            closeSealsBefore(Long.MAX_VALUE);
        }

        private void closeSealsBefore(long index) {
            while (sealIndex < seals.size() && index > seals.get(sealIndex).coveredThrough()) {
                var seal = seals.get(sealIndex);
                boolean linked = Arrays.equals(seal.previousHash(), previousSealHash);
                boolean matches = Arrays.equals(seal.hash(), storedPrevious) && seal.eventCount() == countInSeal;
                if ((!linked || !matches) && !rowProblemInSeal) {
                    add(new Mismatch(seal.coveredThrough(), null, null, null, null, seal.sealNo(), "SEAL_BROKEN",
                            "seal " + seal.sealNo() + " of positions " + (seal.coveredFrom() + 1) + " to "
                                    + seal.coveredThrough() + (retailerId == null ? " (" + seal.eventCount()
                                    + " events)" : "") + " no longer matches the stored chain: it was rewritten"));
                }
                previousSealHash = seal.hash();
                countInSeal = 0;
                rowProblemInSeal = false;
                sealIndex++;
            }
        }

        private Long currentSeal() {
            return sealIndex < seals.size() ? seals.get(sealIndex).sealNo() : null;
        }

        /** The whole store for the platform; a retailer's own events for its auditor. */
        private boolean isVisible(StoredEventRow event) {
            return retailerId == null || retailerId.equals(PayloadRetailer.of(event.payload()));
        }

        private void problem(StoredEventRow event, String problem, String detail) {
            if (!isVisible(event)) {
                // another retailer's event: the chain link still breaks (rowProblemInSeal), but it is not named
                rowProblemInSeal = true;
                return;
            }
            add(new Mismatch(event.globalIndex(), event.eventId(), event.payloadType(), event.aggregateId(),
                    event.sequence(), currentSeal(), problem, detail));
        }

        private void problem(long index, String eventId, String aggregateId, Long sequence, String problem,
                             String detail) {
            add(new Mismatch(index, eventId, null, aggregateId, sequence, currentSeal(), problem, detail));
        }

        private void add(Mismatch mismatch) {
            rowProblemInSeal = true;
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(mismatch);
            }
        }
    }
}
