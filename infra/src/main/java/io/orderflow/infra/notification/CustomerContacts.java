package io.orderflow.infra.notification;

import io.orderflow.coreapi.order.OrderPlacedEvent;

import java.util.Optional;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The customer of an order, read from the order's own first event when a notification is about to go out. Personal
 * data stays inside the order's Customer value, so when it is encrypted or erased per customer, this is
 * the one place that reads it for mail.
 */
@Component
class CustomerContacts {

    record Contact(String name, String email, String externalOrderId) {
    }

    private final EventStore events;

    CustomerContacts(EventStore events) {
        this.events = events;
    }

    Optional<Contact> of(String orderId) {
        // from sequence 0: a snapshot would stand in front of the placing event
        return events.readEvents(orderId, 0).asStream().findFirst()
                .map(message -> message.getPayload())
                .filter(OrderPlacedEvent.class::isInstance)
                .map(OrderPlacedEvent.class::cast)
                .map(placed -> new Contact(placed.customer() == null ? null : placed.customer().name(),
                        placed.customer() == null ? null : placed.customer().email(), placed.externalOrderId()));
    }
}
