package io.orderflow.infra.audit;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far the event store's history is settled. The global index is a sequence, so a transaction that took an
 * index early may commit after others took higher ones: a gap below the highest visible index can fill late. The
 * horizon moves in two steps: it notes the highest visible index together with the database snapshot it was read
 * in (which transactions were in progress), and once every one of those transactions has ended, no gap at or below
 * that index can fill any more and it becomes the settled position. Rests on the sequence handing out values in
 * order (BIGSERIAL's default CACHE 1) and on an insert taking its transaction id as it takes its index.
 */
final class SettledHorizon {

    private record Candidate(long position, String snapshot) {
    }

    private Candidate candidate;
    private long settled = -1;

    /** Answers the settled position (-1 while none is known yet). Statements run outside any transaction. */
    synchronized long advance(JdbcTemplate jdbc) {
        if (candidate != null && finished(jdbc, candidate.snapshot())) {
            settled = Math.max(settled, candidate.position());
            candidate = null;
        }
        if (candidate == null) {
            candidate = jdbc.queryForObject("""
                            SELECT coalesce((SELECT max(globalindex) FROM domainevententry), 0),
                                   pg_current_snapshot()::text""",
                    (rs, i) -> new Candidate(rs.getLong(1), rs.getString(2)));
        }
        return settled;
    }

    private static boolean finished(JdbcTemplate jdbc, String snapshot) {
        Boolean allEnded = jdbc.queryForObject("""
                SELECT coalesce(bool_and(pg_xact_status(x) IS DISTINCT FROM 'in progress'), true)
                FROM pg_snapshot_xip(?::pg_snapshot) AS x""", Boolean.class, snapshot);
        return Boolean.TRUE.equals(allEnded);
    }
}
