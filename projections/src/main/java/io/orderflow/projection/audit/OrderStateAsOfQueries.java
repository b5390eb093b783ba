package io.orderflow.projection.audit;

import io.orderflow.coreapi.audit.FindOrderStateAsOfQuery;
import io.orderflow.coreapi.audit.OrderStateAsOf;
import io.orderflow.projection.orderview.OrderViewFold;

import java.time.Instant;
import java.util.Optional;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The order as of an instant, for auditors: the order's stored events up to that instant, folded by the order view's
 * own rules. Reads the event store (blocking JDBC); the gateway sends queries from virtual threads.
 */
@Component
class OrderStateAsOfQueries {

    static final String ORDER_AGGREGATE = "Order";

    private final EventStore eventStore;

    OrderStateAsOfQueries(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    public Optional<OrderStateAsOf> handle(FindOrderStateAsOfQuery query) {
        var fold = new OrderViewFold();
        int applied = 0;
        long lastSequence = -1;
        Instant lastEventAt = null;
        // from sequence 0, never from a snapshot: the history is what is audited
        DomainEventStream events = eventStore.readEvents(query.orderId().value(), 0);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (!ORDER_AGGREGATE.equals(event.getType())) {
                return Optional.empty();
            }
            // a prefix of the history, never a selection: a later event with an earlier clock reading ends it too
            if (event.getTimestamp().isAfter(query.asOf())) {
                break;
            }
            fold.apply(event.getPayload(), event.getTimestamp());
            applied++;
            lastSequence = event.getSequenceNumber();
            lastEventAt = event.getTimestamp();
        }
        int eventsApplied = applied;
        long sequence = lastSequence;
        Instant at = lastEventAt;
        return fold.view()
                .filter(view -> query.retailerId().value().equals(view.retailerId()))
                .map(view -> new OrderStateAsOf(query.asOf(), eventsApplied, sequence, at, view));
    }
}
