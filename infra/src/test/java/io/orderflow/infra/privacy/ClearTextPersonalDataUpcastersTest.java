package io.orderflow.infra.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.infra.axon.AxonConfiguration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** Events stored before personal data was sealed (revision 1) read in today's shape (issue 13). */
class ClearTextPersonalDataUpcastersTest {

    static final Serializer SERIALIZER = AxonConfiguration.jackson();
    static final EventUpcasterChain CHAIN = new EventUpcasterChain(new ClearTextPersonalDataUpcasters.OrderPlaced(),
            new ClearTextPersonalDataUpcasters.SupplierOrderSubmissionRequested());

    @Test
    void aRevisionOneOrderPlacedCarriesItsClearTextAsPersonalDataAndItsDestination() {
        String stored = """
                {"orderId":{"value":"o-1"},"retailerId":{"value":"r"},"externalOrderId":"ext","currency":"EUR",
                 "customer":{"name":"Ana Example","email":"ana@example.org","phone":"+49 30 1"},
                 "shipTo":{"name":"Ana Example","line1":"Hauptstraße 1","line2":null,"city":"Berlin","region":"BE",
                           "postalCode":"10115","country":"DE","latitude":52.5201,"longitude":13.4049},
                 "lines":[],"promiseBy":null,"channel":"web","placedAt":"2026-11-27T10:00:00Z"}""";

        var event = (OrderPlacedEvent) upcast(OrderPlacedEvent.class.getName(), stored);

        assertThat(event.destination().city()).isEqualTo("Berlin");
        assertThat(event.destination().latitude()).isEqualTo(52.5201);
        assertThat(event.personalData().keyId()).isEqualTo("o-1");
        assertThat(event.personalData().scheme()).isEqualTo(SealedPersonalData.CLEAR);
        String clear = new String(Base64.getDecoder().decode(event.personalData().ciphertext()), StandardCharsets.UTF_8);
        assertThat(clear).contains("\"email\":\"ana@example.org\"", "\"line1\":\"Hauptstraße 1\"");
        assertThat(event.consent()).isNull();
        assertThat(event.channel()).isEqualTo("web");
    }

    @Test
    void aRevisionOneSubmissionRequestCarriesTheAddressAsPersonalData() {
        String stored = """
                {"orderId":{"value":"o-2"},"retailerId":{"value":"r"},"allocationId":{"value":"a-1"},
                 "supplierId":{"value":"s"},"lines":[],
                 "shipTo":{"name":"Ben","line1":"Main 1","city":"Berlin","country":"DE"}}""";

        var event = (SupplierOrderSubmissionRequestedEvent) upcast(SupplierOrderSubmissionRequestedEvent.class.getName(),
                stored);

        assertThat(event.personalData().keyId()).isEqualTo("o-2");
        assertThat(new String(Base64.getDecoder().decode(event.personalData().ciphertext()), StandardCharsets.UTF_8))
                .contains("Main 1");
    }

    @Test
    void revisionTwoIsLeftAlone() {
        String stored = """
                {"orderId":{"value":"o-3"},"retailerId":{"value":"r"},"allocationId":{"value":"a-1"},
                 "supplierId":{"value":"s"},"lines":[],
                 "personalData":{"keyId":"o-3","scheme":"A256GCM","ciphertext":"c2VhbGVk"}}""";

        List<IntermediateEventRepresentation> out = CHAIN.upcast(Stream.of(representation(
                SupplierOrderSubmissionRequestedEvent.class.getName(), "2", stored))).toList();

        assertThat(out).singleElement().satisfies(r -> assertThat(r.getType().getRevision()).isEqualTo("2"));
    }

    static Object upcast(String type, String json) {
        var upcasted = CHAIN.upcast(Stream.of(representation(type, "1", json))).toList();
        assertThat(upcasted).singleElement().satisfies(r -> assertThat(r.getType().getRevision()).isEqualTo("2"));
        return SERIALIZER.deserialize(upcasted.getFirst().getData());
    }

    static IntermediateEventRepresentation representation(String type, String revision, String json) {
        var entry = new GenericDomainEventEntry<>("Order", "o", 0, "event-1", "2026-11-27T10:00:00Z", type, revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return new InitialEventRepresentation(entry, SERIALIZER);
    }
}
