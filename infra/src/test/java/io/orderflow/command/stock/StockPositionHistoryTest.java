package io.orderflow.command.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.CommitStockCommand;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.infra.axon.AxonConfiguration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A position's history grows with every order; what one command loads must not. The repository is built as in the
 * service (a snapshot every 100 events, no cache in front of it), so every command loads the latest snapshot and the
 * events after it.
 */
class StockPositionHistoryTest {

    static final SupplierId SUPPLIER = new SupplierId("acme");
    static final StockPositionId POSITION = StockPositionId.of(SUPPLIER, "berlin", "A-1");
    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    /**
     * How many events each load of the position read. Snapshots go through the service's serializer and each load
     * reads a fresh copy, as from the database: the in-memory engine would otherwise hand out the one instance it
     * keeps, which the events after it then change.
     */
    static final class CountingEngine extends InMemoryEventStorageEngine {
        static final Serializer SERIALIZER = AxonConfiguration.jackson();
        final List<Integer> eventsPerLoad = new ArrayList<>();

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return super.readSnapshot(aggregateIdentifier).map(snapshot -> {
                Object copy = SERIALIZER.deserialize(SERIALIZER.serialize(snapshot.getPayload(), byte[].class));
                return new GenericDomainEventMessage<>(snapshot.getType(), snapshot.getAggregateIdentifier(),
                        snapshot.getSequenceNumber(), copy, snapshot.getMetaData(), snapshot.getIdentifier(),
                        snapshot.getTimestamp());
            });
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            List<? extends DomainEventMessage<?>> events =
                    super.readEvents(aggregateIdentifier, firstSequenceNumber).asStream().toList();
            eventsPerLoad.add(events.size());
            return DomainEventStream.of(events.stream());
        }
    }

    @Test
    void twentyThousandReservationsLoadABoundedNumberOfEventsPerCommand() {
        var engine = new CountingEngine();
        var eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        var snapshotter = AggregateSnapshotter.builder()
                .eventStore(eventStore)
                .aggregateFactories(new GenericAggregateFactory<>(StockPosition.class))
                .build();
        EventSourcingRepository<StockPosition> repository = EventSourcingRepository.builder(StockPosition.class)
                .eventStore(eventStore)
                .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, 100))
                .build();
        CommandBus commandBus = SimpleCommandBus.builder().build();
        AggregateAnnotationCommandHandler.<StockPosition>builder()
                .aggregateType(StockPosition.class).repository(repository).build()
                .subscribe(commandBus);
        CommandGateway gateway = DefaultCommandGateway.builder().commandBus(commandBus).build();

        gateway.sendAndWait(new ReportStockLevelCommand(POSITION, new RetailerId("demo-retailer"), SUPPLIER, "berlin",
                "A-1", 1_000_000, START));
        for (int i = 0; i < 20_000; i++) {
            var order = new OrderId("o-" + i);
            ReservationOutcome outcome = gateway.sendAndWait(new ReserveStockCommand(POSITION, order, "L1", 1));
            assertThat(outcome).as("reservation %d", i).isEqualTo(ReservationOutcome.RESERVED);
            // every line is accepted a millisecond after the one before, and no level report settles any of them:
            // the state a position keeps for accepted lines is what used to grow with every order
            gateway.sendAndWait(new CommitStockCommand(POSITION, order, "L1", START.plusMillis(i + 1)));
        }

        // every command loads the position once; the snapshotter reads it again each time it takes a snapshot
        assertThat(engine.eventsPerLoad).hasSizeGreaterThan(40_000);
        assertThat(engine.eventsPerLoad.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .as("events read by one command, the snapshot included").isLessThanOrEqualTo(101);

        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        var position = repository.load(POSITION.value());
        int available = position.invoke(StockPosition::availableToPromise);
        int buckets = position.invoke(StockPosition::commitmentBuckets);
        unitOfWork.rollback();
        assertThat(available).isEqualTo(1_000_000 - 20_000);
        assertThat(buckets).isLessThanOrEqualTo(256);
    }
}
