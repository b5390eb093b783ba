package io.orderflow.infra.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.gateway.port.IdempotencyStore.Claim;
import io.orderflow.gateway.port.IdempotencyStore.StoredResponse;
import io.orderflow.infra.embedded.MigratedPostgres;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import reactor.core.publisher.Flux;

/** The idempotency store against a real PostgreSQL with the real schema. */
class IdempotencyStoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static DatabaseClient db;

    R2dbcIdempotencyStore idempotency;

    @BeforeAll
    static void connect() {
        db = MigratedPostgres.r2dbc();
    }

    @BeforeEach
    void emptyTables() {
        db.sql("TRUNCATE idempotency_record").then().block(TIMEOUT);
        idempotency = new R2dbcIdempotencyStore(db, Duration.ofSeconds(30));
    }

    @Test
    void theFirstClaimWinsAndLaterOnesSeeItInFlight() {
        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
        assertInFlight(idempotency.claim("r1", "k", "h2").block(TIMEOUT), "h1", Duration.ofSeconds(30));
        // keys are per retailer
        assertThat(idempotency.claim("r2", "k", "h2").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aCompletedKeyReplaysItsAnswerAndKeepsIt() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        var answer = new StoredResponse(201, "/api/v1/orders/o-1", "{\"orderId\":\"o-1\"}");
        idempotency.complete("r1", "k", answer).block(TIMEOUT);

        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", answer));

        idempotency.complete("r1", "k", new StoredResponse(503, null, null)).block(TIMEOUT);
        idempotency.release("r1", "k").block(TIMEOUT);
        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", answer));
    }

    @Test
    void anAnswerWithoutLocationIsStoredToo() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        var problem = new StoredResponse(422, null, "{\"status\":422}");
        idempotency.complete("r1", "k", problem).block(TIMEOUT);
        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", problem));
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        idempotency.release("r1", "k").block(TIMEOUT);
        assertThat(idempotency.claim("r1", "k", "h2").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aStaleInFlightKeyIsTakenOver() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        db.sql("UPDATE idempotency_record SET created_at = now() - interval '31 seconds'").then().block(TIMEOUT);

        assertThat(idempotency.claim("r1", "k", "h2").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
        assertInFlight(idempotency.claim("r1", "k", "h3").block(TIMEOUT), "h2", Duration.ofSeconds(30));
    }

    @Test
    void aKeyInFlightTellsWhenARetryMayTakeItOver() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        db.sql("UPDATE idempotency_record SET created_at = now() - interval '20 seconds'").then().block(TIMEOUT);
        assertInFlight(idempotency.claim("r1", "k", "h1").block(TIMEOUT), "h1", Duration.ofSeconds(10));

        // past the stale-after, it is taken over rather than waited for
        db.sql("UPDATE idempotency_record SET created_at = now() - interval '45 seconds'").then().block(TIMEOUT);
        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isInstanceOf(Claim.Claimed.class);
    }

    /** In flight under {@code hash}, to be taken over in {@code about} (within the second the test takes). */
    private static void assertInFlight(Claim claim, String hash, Duration about) {
        assertThat(claim).isInstanceOfSatisfying(Claim.Existing.class, existing -> {
            assertThat(existing.requestHash()).isEqualTo(hash);
            assertThat(existing.response()).isNull();
            assertThat(existing.takenOverIn()).isBetween(about.minusSeconds(1), about);
        });
    }

    @Test
    void aStaleButCompletedKeyIsNeverTakenOver() {
        idempotency.claim("r1", "k", "h1").block(TIMEOUT);
        var answer = new StoredResponse(201, "/api/v1/orders/o-1", "{}");
        idempotency.complete("r1", "k", answer).block(TIMEOUT);
        db.sql("UPDATE idempotency_record SET created_at = now() - interval '1 day'").then().block(TIMEOUT);

        assertThat(idempotency.claim("r1", "k", "h1").block(TIMEOUT)).isEqualTo(new Claim.Existing("h1", answer));
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneWins() {
        var claims = Flux.range(0, 16)
                .flatMap(i -> idempotency.claim("r1", "race", "h"), 16)
                .collectList()
                .block(TIMEOUT);
        assertThat(claims).filteredOn(Claim.Claimed.class::isInstance).hasSize(1);
        assertThat(claims).filteredOn(Claim.Existing.class::isInstance).hasSize(15);
    }
}
