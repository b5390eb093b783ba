package io.orderflow.coreapi.supplier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PartnerSignatureTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    // HMAC-SHA256 with key "s3cret" of "1767268800.{"a":1}", computed with openssl dgst -sha256 -hmac
    private static final String EXPECTED_HEX = "b630b1e244867f8886c98e5caed4dde90a58834882fc977744b3306b744365ab";

    private static boolean verifies(String header, List<String> secrets, byte[] body, Instant now) {
        return PartnerSignature.parse(header).filter(s -> s.isFresh(now)).map(s -> s.matchesAny(secrets, body))
                .orElse(false);
    }

    @Test
    void signsTheTimeAndTheRawBody() {
        assertThat(PartnerSignature.header("s3cret", NOW.getEpochSecond(), BODY))
                .isEqualTo("t=1767268800,v1=" + EXPECTED_HEX);
    }

    @Test
    void verifiesWhatItSignedWithinTheTolerance() {
        String header = PartnerSignature.header("s3cret", NOW.getEpochSecond(), BODY);
        assertThat(verifies(header, List.of("s3cret"), BODY, NOW)).isTrue();
        assertThat(verifies(header, List.of("s3cret"), BODY, NOW.plusSeconds(300))).isTrue();
        assertThat(verifies(header, List.of("s3cret"), BODY, NOW.plusSeconds(301))).isFalse();
        assertThat(verifies(header, List.of("s3cret"), BODY, NOW.minusSeconds(301))).isFalse();
    }

    @Test
    void anyOfSeveralSignaturesAndSecretsWillDo() {
        String good = PartnerSignature.header("new", NOW.getEpochSecond(), BODY);
        String header = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + "," + good.substring(good.indexOf("v1="));
        assertThat(verifies(header, List.of("old", "new"), BODY, NOW)).isTrue();
        assertThat(verifies(header, List.of("old"), BODY, NOW)).isFalse();
    }

    @Test
    void anotherBodySecretOrMalformedHeaderDoesNotVerify() {
        String header = PartnerSignature.header("s3cret", NOW.getEpochSecond(), BODY);
        assertThat(verifies(header, List.of("s3cret"), "{\"a\":2}".getBytes(UTF_8), NOW)).isFalse();
        assertThat(verifies(header, List.of("other", ""), BODY, NOW)).isFalse();
        assertThat(PartnerSignature.parse("t=abc,v1=" + "0".repeat(64))).isEmpty();
        assertThat(PartnerSignature.parse("t=1,v1=zz" + "0".repeat(62))).isEmpty();
        assertThat(PartnerSignature.parse("t=1,v1=00")).isEmpty();
        assertThat(PartnerSignature.parse(null)).isEmpty();
        assertThat(PartnerSignature.parse("t=1,v1=" + "0".repeat(2000))).isEmpty();
    }
}
