package io.orderflow.infra.metrics;

import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.shared.RetailerId;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The order counters ({@code orderflow.orders.*}, by retailer), counted where the events are published, once their
 * unit of work committed. Not in a tracking processor: processors replay history (a read-model rebuild, a reset,
 * a new node taking over a segment) and a counter fed by them would count the same order again. Each instance counts
 * what it published; Prometheus sums the instances.
 */
@Component
class OrderEventMeters implements SmartInitializingSingleton {

    static final String PREFIX = "orderflow.orders.";

    private final EventBus events;
    private final MeterRegistry registry;
    private final Set<String> retailers = ConcurrentHashMap.newKeySet();

    OrderEventMeters(EventBus events, MeterRegistry registry) {
        this.events = events;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        events.subscribe(this::published);
    }

    void published(List<? extends EventMessage<?>> messages) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> count(messages));
        } else {
            count(messages);
        }
    }

    private void count(List<? extends EventMessage<?>> messages) {
        for (var message : messages) {
            switch (message.getPayload()) {
                case OrderPlacedEvent e -> counter("placed", e.retailerId()).increment();
                case SupplierOrderAcceptedEvent e -> counter("accepted", e.retailerId()).increment();
                case OrderCompletedEvent e -> counter("delivered", e.retailerId()).increment();
                case OrderLinesCancelledEvent e -> counter("cancelled", e.retailerId()).increment();
                case OrderPutOnHoldEvent e -> counter("held", e.retailerId()).increment();
                case OrderLinesBackorderedEvent e -> counter("backordered", e.retailerId()).increment();
                default -> {
                }
            }
        }
    }

    private Counter counter(String what, RetailerId retailer) {
        var tag = retailer == null ? "unknown" : retailer.value();
        if (retailers.add(tag)) {
            // every counter of a retailer from its first event on, at 0 until it counts: a rate over a series that
            // does not exist yet is no data, not 0
            DESCRIPTIONS.keySet().forEach(other -> register(other, tag));
        }
        return register(what, tag);
    }

    private Counter register(String what, String retailer) {
        return Counter.builder(PREFIX + what)
                .description(DESCRIPTIONS.get(what))
                .tag("retailer", retailer)
                .register(registry);
    }

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "placed", "Orders placed",
            "accepted", "Supplier orders (allocations) accepted by their supplier",
            "delivered", "Orders completed: every line delivered or cancelled",
            "cancelled", "Cancellations applied to orders (whole orders or some lines)",
            "held", "Orders put on hold for a person to decide",
            "backordered", "Backorders: lines nobody could serve, waiting for stock");
}
