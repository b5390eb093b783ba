package io.orderflow.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An erased order's events stored before sealing are shown to auditors without their clear text (issue 13). */
class ErasedClearTextTest {

    @Test
    void theCustomerAndTheAddressAreShownAsErasedAndTheRestAsStored() {
        String stored = """
                {"orderId":{"value":"o-1"},"retailerId":{"value":"r"},"externalOrderId":"ext",
                 "customer":{"name":"Ana Example","email":"ana@example.org"},
                 "shipTo":{"line1":"Hauptstraße 1","city":"Berlin"},"channel":"web"}""";

        String shown = R2dbcAuditTrail.withoutClearText(stored);

        assertThat(shown).doesNotContain("Ana", "ana@", "Haupt", "Berlin")
                .contains("\"customer\":\"erased\"", "\"shipTo\":\"erased\"", "\"externalOrderId\":\"ext\"",
                        "\"retailerId\":{\"value\":\"r\"}");
    }

    @Test
    void aPayloadThatIsNotJsonIsShownAsErasedAltogether() {
        assertThat(R2dbcAuditTrail.withoutClearText("Ana Example, Hauptstraße 1")).isEqualTo(
                "{\"personalData\":\"erased\"}");
    }
}
