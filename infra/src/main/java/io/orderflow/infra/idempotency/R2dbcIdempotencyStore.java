package io.orderflow.infra.idempotency;

import io.orderflow.gateway.port.IdempotencyStore;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Idempotency records in PostgreSQL (table idempotency_record). The claim is one atomic upsert: it inserts a new
 * IN_FLIGHT row, or takes over an IN_FLIGHT row older than {@code orderflow.idempotency.stale-after} (its request
 * crashed), or does nothing, in which case the row is read back and replayed by the caller; a row still in flight is
 * read back with how long until it goes stale.
 */
@Component
class R2dbcIdempotencyStore implements IdempotencyStore {

    // A claim can lose the row to a concurrent release between the upsert and the read; it then tries again.
    private static final int CLAIM_ATTEMPTS = 3;

    private static final String CLAIM = """
            INSERT INTO idempotency_record (retailer_id, idem_key, request_hash, state)
            VALUES (:retailer, :key, :hash, 'IN_FLIGHT')
            ON CONFLICT (retailer_id, idem_key) DO UPDATE
               SET request_hash = EXCLUDED.request_hash, created_at = now()
             WHERE idempotency_record.state = 'IN_FLIGHT'
               AND idempotency_record.created_at < now() - make_interval(secs => :staleSeconds)
            RETURNING retailer_id""";

    private static final String READ = """
            SELECT request_hash, state, status_code, location, response_body,
                   greatest(0, :staleSeconds - extract(epoch FROM now() - created_at))::float8 AS stale_in
              FROM idempotency_record
             WHERE retailer_id = :retailer AND idem_key = :key""";

    // Only an IN_FLIGHT row is completed or released: a DONE answer is never overwritten.
    private static final String COMPLETE = """
            UPDATE idempotency_record
               SET state = 'DONE', status_code = :status, location = :location, response_body = :body,
                   completed_at = now()
             WHERE retailer_id = :retailer AND idem_key = :key AND state = 'IN_FLIGHT'""";

    private static final String RELEASE = """
            DELETE FROM idempotency_record
             WHERE retailer_id = :retailer AND idem_key = :key AND state = 'IN_FLIGHT'""";

    private final DatabaseClient db;
    private final double staleSeconds;

    R2dbcIdempotencyStore(DatabaseClient db,
                          @Value("${orderflow.idempotency.stale-after:30s}") Duration staleAfter) {
        this.db = db;
        this.staleSeconds = staleAfter.toMillis() / 1000.0;
    }

    @Override
    public Mono<Claim> claim(String retailerId, String key, String requestHash) {
        return claim(retailerId, key, requestHash, CLAIM_ATTEMPTS);
    }

    private Mono<Claim> claim(String retailerId, String key, String requestHash, int attemptsLeft) {
        Mono<Claim> claimed = db.sql(CLAIM)
                .bind("retailer", retailerId)
                .bind("key", key)
                .bind("hash", requestHash)
                .bind("staleSeconds", staleSeconds)
                .map((row, meta) -> (Claim) new Claim.Claimed())
                .first();
        Mono<Claim> existing = db.sql(READ)
                .bind("retailer", retailerId)
                .bind("key", key)
                .bind("staleSeconds", staleSeconds)
                .map((row, meta) -> {
                    String hash = row.get("request_hash", String.class);
                    if (!"DONE".equals(row.get("state", String.class))) {
                        double staleIn = row.get("stale_in", Double.class);
                        return (Claim) new Claim.Existing(hash, null, Duration.ofMillis(Math.round(staleIn * 1000)));
                    }
                    return (Claim) new Claim.Existing(hash, new StoredResponse(row.get("status_code", Integer.class),
                            row.get("location", String.class), row.get("response_body", String.class)));
                })
                .first();
        return claimed
                .switchIfEmpty(existing)
                .switchIfEmpty(Mono.defer(() -> attemptsLeft > 1
                        ? claim(retailerId, key, requestHash, attemptsLeft - 1)
                        : Mono.error(new IllegalStateException("idempotency key neither claimed nor found"))));
    }

    @Override
    public Mono<Void> complete(String retailerId, String key, StoredResponse response) {
        var spec = db.sql(COMPLETE)
                .bind("retailer", retailerId)
                .bind("key", key)
                .bind("status", response.status());
        spec = response.location() == null ? spec.bindNull("location", String.class) : spec.bind("location", response.location());
        spec = response.body() == null ? spec.bindNull("body", String.class) : spec.bind("body", response.body());
        return spec.then();
    }

    @Override
    public Mono<Void> release(String retailerId, String key) {
        return db.sql(RELEASE)
                .bind("retailer", retailerId)
                .bind("key", key)
                .then();
    }
}
