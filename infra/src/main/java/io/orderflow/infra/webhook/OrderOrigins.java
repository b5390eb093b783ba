package io.orderflow.infra.webhook;

import io.orderflow.coreapi.order.OrderId;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * The correlation id (and trace id, if any) of the request that placed an order: its first event's metadata, read
 * through Axon's event store from sequence 0 (a snapshot would stand in front of the placing event). Every node reads
 * the one event store, so whichever node applies a delivery finds the same origin.
 * <p>
 * An origin never changes once the order is placed, so it is kept (bounded, forgotten an hour after its last use):
 * an order's webhooks (acceptance, fulfillment, tracking and delivery, for each of its suppliers) read the order's
 * stream once instead of once each. An order not found is not kept: its webhook may have come first.
 */
final class OrderOrigins {

    private static final String[] KEYS = {"correlationId", "traceId"};

    private final EventStore events;
    private final Cache<String, Map<String, String>> known = Caffeine.newBuilder()
            .maximumSize(20_000).expireAfterAccess(Duration.ofHours(1)).build();

    OrderOrigins(EventStore events) {
        this.events = events;
    }

    /** The origin's metadata entries; empty when the order is not (yet) known or carries none. */
    Map<String, String> of(OrderId orderId) {
        var origin = known.getIfPresent(orderId.value());
        if (origin != null) {
            return origin;
        }
        return events.readEvents(orderId.value(), 0).asStream().findFirst().map(placed -> {
            var found = new HashMap<String, String>();
            for (String key : KEYS) {
                if (placed.getMetaData().get(key) instanceof String value && !value.isBlank()) {
                    found.put(key, value);
                }
            }
            var kept = Map.copyOf(found);
            known.put(orderId.value(), kept);
            return kept;
        }).orElse(Map.of());
    }
}
