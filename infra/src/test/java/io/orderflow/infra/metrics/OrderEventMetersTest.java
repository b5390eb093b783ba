package io.orderflow.infra.metrics;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.shared.RetailerId;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderEventMetersTest {

    final SimpleEventBus events = SimpleEventBus.builder().build();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final OrderEventMeters meters = new OrderEventMeters(events, registry);

    {
        meters.afterSingletonsInstantiated();
    }

    @Test
    void countsAnEventOnceItsUnitOfWorkCommitted() {
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        events.publish(GenericEventMessage.asEventMessage(held("o-1")));
        assertThat(count("held", "r-1")).as("before the commit").isZero();

        unitOfWork.commit();

        assertThat(count("held", "r-1")).isEqualTo(1);
        // the retailer's other counters exist from its first event on, at 0
        assertThat(count("placed", "r-1")).isZero();
        assertThat(registry.find("orderflow.orders.placed").tag("retailer", "r-1").counter()).isNotNull();
    }

    @Test
    void aRolledBackUnitOfWorkCountsNothing() {
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        events.publish(GenericEventMessage.asEventMessage(held("o-2")));

        unitOfWork.rollback();

        assertThat(registry.find("orderflow.orders.held").counter()).isNull();
    }

    @Test
    void otherEventsAreNotCounted() {
        events.publish(GenericEventMessage.asEventMessage("not an order event"));

        assertThat(registry.find("orderflow.orders.held").counter()).isNull();
    }

    private static OrderPutOnHoldEvent held(String orderId) {
        return new OrderPutOnHoldEvent(new OrderId(orderId), new RetailerId("r-1"), "no supplier");
    }

    private double count(String what, String retailer) {
        var counter = registry.find("orderflow.orders." + what).tag("retailer", retailer).counter();
        return counter == null ? 0 : counter.count();
    }
}
