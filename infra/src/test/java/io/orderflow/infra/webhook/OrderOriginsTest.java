package io.orderflow.infra.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.orderflow.coreapi.order.OrderId;

import java.util.Map;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

class OrderOriginsTest {

    private static final OrderId ORDER = new OrderId("ord-origin-1");

    private final EventStore events = mock(EventStore.class);
    private final OrderOrigins origins = new OrderOrigins(events);

    @Test
    void anOrdersOriginIsItsPlacingEventsCorrelationAndTraceIdReadOnce() {
        when(events.readEvents(eq(ORDER.value()), anyLong())).thenAnswer(call -> DomainEventStream.of(
                new GenericDomainEventMessage<>("Order", ORDER.value(), 0, "placed",
                        Map.of("correlationId", "req-1", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736",
                                "actor", "retailer:acme")),
                new GenericDomainEventMessage<>("Order", ORDER.value(), 1, "routed", Map.of("correlationId", "other"))));

        var first = origins.of(ORDER);
        var second = origins.of(ORDER);

        assertThat(first).containsExactlyInAnyOrderEntriesOf(
                Map.of("correlationId", "req-1", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(second).isEqualTo(first);
        verify(events, times(1)).readEvents(eq(ORDER.value()), anyLong());
    }

    @Test
    void anOrderNotFoundYetIsAskedForAgain() {
        when(events.readEvents(eq(ORDER.value()), anyLong())).thenAnswer(call -> DomainEventStream.empty());

        assertThat(origins.of(ORDER)).isEmpty();
        assertThat(origins.of(ORDER)).isEmpty();

        verify(events, times(2)).readEvents(eq(ORDER.value()), anyLong());
    }
}
