package io.orderflow.infra.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** In Axon Server mode PostgreSQL's event table is empty: verifying it must not come out as VERIFIED. */
class IntegrityVerifierAxonServerModeTest {

    @Test
    void withAxonServerNothingIsSealedAndNothingIsClaimed() {
        var report = new IntegrityVerifier(null, null, true).verify("retailer-1");

        assertThat(report.status()).isEqualTo("NOT_SEALED");
        assertThat(report.eventsVerified()).isZero();
        assertThat(report.seals()).isZero();
        assertThat(report.problems()).isEmpty();
    }
}
