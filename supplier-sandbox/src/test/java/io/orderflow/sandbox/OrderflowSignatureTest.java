package io.orderflow.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.sandbox.signing.OrderflowSignature;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderflowSignatureTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void canVerifyWhatItSigned() {
        String header = OrderflowSignature.header("s3cret", NOW.getEpochSecond(), BODY);
        assertThat(header).isEqualTo(SandboxFixture.signature("s3cret", NOW.getEpochSecond(), "{\"a\":1}"));
        assertThat(OrderflowSignature.verify(header, "s3cret", BODY, NOW)).isTrue();
        assertThat(OrderflowSignature.verify(header, "s3cret", BODY, NOW.plusSeconds(300))).isTrue();
    }

    @Test
    void canAcceptAnyOfSeveralSignatures() {
        String good = OrderflowSignature.header("s3cret", NOW.getEpochSecond(), BODY);
        String header = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + "," + good.substring(good.indexOf("v1="));
        assertThat(OrderflowSignature.verify(header, "s3cret", BODY, NOW)).isTrue();
    }

    @Test
    void cannotVerifyAChangedBodyAnotherSecretOrAStaleTimestamp() {
        String header = OrderflowSignature.header("s3cret", NOW.getEpochSecond(), BODY);
        assertThat(OrderflowSignature.verify(header, "s3cret", "{\"a\":2}".getBytes(UTF_8), NOW)).isFalse();
        assertThat(OrderflowSignature.verify(header, "other", BODY, NOW)).isFalse();
        assertThat(OrderflowSignature.verify(header, "s3cret", BODY, NOW.plusSeconds(301))).isFalse();
        assertThat(OrderflowSignature.verify(header, "s3cret", BODY, NOW.minusSeconds(301))).isFalse();
        assertThat(OrderflowSignature.verify(header.toUpperCase(), "s3cret", BODY, NOW)).isFalse();
        assertThat(OrderflowSignature.verify("t=abc,v1=00", "s3cret", BODY, NOW)).isFalse();
        assertThat(OrderflowSignature.verify(null, "s3cret", BODY, NOW)).isFalse();
    }
}
