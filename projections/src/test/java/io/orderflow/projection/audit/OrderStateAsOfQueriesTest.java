package io.orderflow.projection.audit;

import io.orderflow.coreapi.audit.FindOrderStateAsOfQuery;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class OrderStateAsOfQueriesTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final EventStore store = mock(EventStore.class);
    final OrderStateAsOfQueries queries = new OrderStateAsOfQueries(store);

    @Test
    void canFoldTheHistoryUpToTheInstant() {
        history(event(0, placed(), T0), event(1, new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), T0.plusSeconds(10)),
                event(2, new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T0), T0.plusSeconds(20)));

        var state = queries.handle(new FindOrderStateAsOfQuery(ORDER, RETAILER, T0.plusSeconds(10))).orElseThrow();

        assertThat(state.asOf()).isEqualTo(T0.plusSeconds(10));
        assertThat(state.eventsApplied()).isEqualTo(2);
        assertThat(state.lastSequence()).isEqualTo(1);
        assertThat(state.lastEventAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(state.order().status()).isEqualTo("ROUTING");
        assertThat(state.order().updatedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void canEndThePrefixAtTheFirstLaterEventEvenIfAnotherComesWithAnEarlierClock() {
        history(event(0, placed(), T0), event(1, new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), T0.plusSeconds(30)),
                event(2, new SupplierOrderAcceptedEvent(ORDER, RETAILER, new AllocationId("a"), new SupplierId("s"), T0),
                        T0.plusSeconds(5)));

        var state = queries.handle(new FindOrderStateAsOfQuery(ORDER, RETAILER, T0.plusSeconds(10))).orElseThrow();

        assertThat(state.eventsApplied()).isEqualTo(1);
        assertThat(state.lastSequence()).isZero();
        assertThat(state.order().status()).isEqualTo("PLACED");
    }

    @Test
    void cannotShowAnOrderBeforeItWasPlaced() {
        history(event(0, placed(), T0));

        assertThat(queries.handle(new FindOrderStateAsOfQuery(ORDER, RETAILER, T0.minusSeconds(1)))).isEmpty();
    }

    @Test
    void cannotShowAnotherRetailersOrder() {
        history(event(0, placed(), T0));

        assertThat(queries.handle(new FindOrderStateAsOfQuery(ORDER, new RetailerId("other"), T0))).isEmpty();
    }

    @Test
    void cannotShowAnAggregateThatIsNotAnOrder() {
        when(store.readEvents("o-1", 0L)).thenReturn(DomainEventStream.of(
                new GenericDomainEventMessage<>("StockPosition", "o-1", 0, placed(), Map.of(), "id-0", T0)));

        assertThat(queries.handle(new FindOrderStateAsOfQuery(ORDER, RETAILER, T0))).isEmpty();
    }

    private void history(DomainEventMessage<?>... events) {
        when(store.readEvents("o-1", 0L)).thenReturn(DomainEventStream.of(events));
    }

    private static DomainEventMessage<?> event(long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>(OrderStateAsOfQueries.ORDER_AGGREGATE, "o-1", sequence, payload, Map.of(),
                "id-" + sequence, at);
    }

    private static OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ORDER, RETAILER, "ext", "EUR", null, null,
                List.of(new OrderLine("L1", new Sku("A"), 1, new Money(BigDecimal.ONE, "EUR"))), null, "web", T0, null, null);
    }
}
