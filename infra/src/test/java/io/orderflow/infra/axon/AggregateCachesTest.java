package io.orderflow.infra.axon;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateCachesTest {

    /** The event store's last sequence number per aggregate, as another node's appends leave it. */
    private final Map<String, Long> eventStore = new HashMap<>();
    private final AggregateCaches.CurrentAggregateCache cache =
            new AggregateCaches.CurrentAggregateCache(100, id -> Optional.ofNullable(eventStore.get(id)));

    @Test
    void readsTheSequenceNumberAxonCachedAnAggregateAt() {
        assertThat(AggregateCaches.CurrentAggregateCache.CACHED_VERSION)
                .as("Axon's AggregateCacheEntry still keeps its version in a field named 'version'")
                .isNotNull();
        assertThat(AggregateCaches.CurrentAggregateCache.CACHED_VERSION.get(cachedAt(7))).isEqualTo(7L);
    }

    @Test
    void handsOutAnAggregateNoOneHasAppendedToSince() {
        var entry = cachedAt(4);
        cache.put("counter-1", entry);
        eventStore.put("counter-1", 4L);

        assertThat((Object) cache.get("counter-1")).isSameAs(entry);
        assertThat(cache.containsKey("counter-1")).isTrue();
    }

    @Test
    void dropsAnAggregateAnotherNodeHasAppendedToSince() {
        cache.put("counter-1", cachedAt(4));
        eventStore.put("counter-1", 5L);

        assertThat((Object) cache.get("counter-1")).isNull();
        assertThat(cache.containsKey("counter-1")).as("the stale entry is forgotten").isFalse();
    }

    @Test
    void dropsAnAggregateTheEventStoreDoesNotHold() {
        cache.put("counter-1", cachedAt(4));

        assertThat((Object) cache.get("counter-1")).isNull();
    }

    @Test
    void answersNothingForAnAggregateItNeverCached() {
        eventStore.put("counter-2", 1L);

        assertThat((Object) cache.get("counter-2")).isNull();
    }

    private static AggregateCacheEntry<Counter> cachedAt(long version) {
        var counter = new Counter();
        counter.id = "counter-1";
        return new AggregateCacheEntry<>(EventSourcedAggregate.reconstruct(counter,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), version, false,
                SimpleEventBus.builder().build(), NoSnapshotTriggerDefinition.TRIGGER));
    }

    static class Counter {
        @AggregateIdentifier
        String id;
    }
}
