package io.orderflow.app;

import io.orderflow.command.order.Order;
import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.ChangeShipmentStatusCommand;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.order.RecordSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RequestSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.SelectSupplierCommand;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.StartOrderRoutingCommand;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.projection.orderview.OrderViewFold;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 2 on the aggregate, for many shuffles: the same supplier reports, delivered in any order and any of them
 * twice, give the same order view and the same history per package. Each report is the list of commands the partner
 * webhook translator makes of it (a report states the package's lines, tracking and acceptance time, so it also
 * creates what it implies). Real Axon, in memory: the Order aggregate, its event store, the order view's own fold.
 */
class ShipmentReportShuffleTest {

    static final int SHUFFLES = 150;
    static final OrderId ORDER = new OrderId("shuffle-order");
    static final RetailerId RETAILER = new RetailerId("demo-retailer");
    static final AllocationId A = new AllocationId("alloc-a");
    static final AllocationId B = new AllocationId("alloc-b");
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    /** Supplier A ships lines 1 and 2 in two packages; supplier B ships line 3 in one. */
    record Package(AllocationId allocation, String id, List<LineQuantity> lines, String trackingNumber, int minute) {
    }

    static final List<Package> PACKAGES = List.of(
            new Package(A, "PA-1", List.of(new LineQuantity("l1", 2)), "TN-A1", 10),
            new Package(A, "PA-2", List.of(new LineQuantity("l2", 1)), "TN-A2", 20),
            new Package(B, "PB-1", List.of(new LineQuantity("l3", 3)), "TN-B1", 30));

    @Test
    void milestoneReportsInAnyOrderAndTwiceGiveTheSameViewAndHistory() {
        var reports = new ArrayList<List<Object>>();
        reports.add(List.of(acceptance(A)));
        reports.add(List.of(acceptance(B)));
        for (Package p : PACKAGES) {
            reports.add(fulfillmentReport(p));
            reports.add(trackedReport(p));
            reports.add(deliveredReport(p));
        }
        var reference = run(reports, new Random(0), false);
        assertThat(reference.view().status()).isEqualTo("DELIVERED");
        assertThat(reference.history().get("order")).hasSize(1).first().isInstanceOf(OrderCompletedEvent.class);
        for (int seed = 1; seed <= SHUFFLES; seed++) {
            var outcome = run(reports, new Random(seed), true);
            assertThat(sorted(outcome.view())).as("view after shuffle %d", seed).isEqualTo(sorted(reference.view()));
            assertThat(outcome.history()).as("history per package after shuffle %d", seed).isEqualTo(reference.history());
        }
    }

    @Test
    void carrierStatusesInAnyOrderGiveTheSameView() {
        var reports = new ArrayList<List<Object>>();
        reports.add(List.of(acceptance(A)));
        reports.add(List.of(acceptance(B)));
        for (Package p : PACKAGES) {
            reports.add(fulfillmentReport(p));
            reports.add(trackedReport(p));
            reports.add(statusReport(p, ShipmentStatus.IN_TRANSIT, 3));
            reports.add(statusReport(p, ShipmentStatus.DELAYED, 4));
            reports.add(statusReport(p, ShipmentStatus.OUT_FOR_DELIVERY, 5));
        }
        // PA-1 is delivered, PA-2 fails and goes back, PB-1 is still out for delivery
        reports.add(deliveredReport(PACKAGES.get(0)));
        reports.add(statusReport(PACKAGES.get(1), ShipmentStatus.DELIVERY_FAILED, 6));
        reports.add(statusReport(PACKAGES.get(1), ShipmentStatus.RETURNED, 7));
        var reference = run(reports, new Random(0), false);
        var shipments = reference.view().shipments();
        assertThat(shipments).extracting(OrderView.Shipment::status)
                .containsExactly("DELIVERED", "RETURNED", "OUT_FOR_DELIVERY");
        assertThat(reference.view().status()).isEqualTo("IN_FULFILLMENT");
        for (int seed = 1; seed <= SHUFFLES; seed++) {
            var outcome = run(reports, new Random(seed), true);
            assertThat(sorted(outcome.view())).as("view after shuffle %d", seed).isEqualTo(sorted(reference.view()));
        }
    }

    @Test
    void quantitiesNeverExceedWhatWasAllocated() {
        var reports = new ArrayList<List<Object>>();
        reports.add(fulfillmentReport(PACKAGES.get(0)));
        // a second package claiming line 1 again: refused, and nothing of it is recorded
        reports.add(fulfillmentReport(new Package(A, "PA-9", List.of(new LineQuantity("l1", 1)), "TN-A9", 40)));
        var outcome = run(reports, new Random(0), false);
        assertThat(outcome.view().lines().getFirst().fulfilled()).isEqualTo(2);
        assertThat(outcome.view().shipments()).extracting(OrderView.Shipment::shipmentId).containsExactly("PA-1");
    }

    private static List<Object> fulfillmentReport(Package p) {
        return List.of(acceptance(p.allocation()), fulfillment(p));
    }

    private static List<Object> trackedReport(Package p) {
        return List.of(acceptance(p.allocation()), fulfillment(p), tracking(p));
    }

    private static List<Object> statusReport(Package p, ShipmentStatus status, int minuteOffset) {
        return List.of(acceptance(p.allocation()), fulfillment(p), tracking(p),
                new ChangeShipmentStatusCommand(ORDER, p.allocation(), p.id(), status, null, at(p.minute() + minuteOffset)));
    }

    private static List<Object> deliveredReport(Package p) {
        return List.of(acceptance(p.allocation()), fulfillment(p), tracking(p),
                new DeliverShipmentCommand(ORDER, p.allocation(), p.id(), at(p.minute() + 8)));
    }

    /** Every later report of the sandbox states when the supplier accepted. */
    private static AcceptSupplierOrderCommand acceptance(AllocationId allocation) {
        return new AcceptSupplierOrderCommand(ORDER, allocation, at(allocation.equals(A) ? 1 : 2));
    }

    private static CreateFulfillmentCommand fulfillment(Package p) {
        return new CreateFulfillmentCommand(ORDER, p.allocation(), p.id(), p.lines(), LocalDate.of(2026, 11, 28),
                at(p.minute()));
    }

    private static TrackShipmentCommand tracking(Package p) {
        return new TrackShipmentCommand(ORDER, p.allocation(), p.id(), "DHL", p.trackingNumber(),
                "https://tracking.example/" + p.trackingNumber(), at(p.minute() + 1));
    }

    private static Instant at(int minute) {
        return T.plus(Duration.ofMinutes(minute));
    }

    record Outcome(OrderView view, Map<String, List<Object>> history) {
    }

    /** Places and routes the order, then sends the reports (shuffled, each possibly twice) as the translator would. */
    private static Outcome run(List<List<Object>> reports, Random random, boolean shuffle) {
        // no configurer modules from the class path: axon-server-connector's would route commands to Axon Server
        Configuration axon = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(Order.class)
                .buildConfiguration();
        axon.start();
        try {
            CommandGateway commands = axon.commandGateway();
            setUp(commands);
            var deliveries = new ArrayList<List<Object>>(reports);
            if (shuffle) {
                for (List<Object> report : reports) {
                    if (random.nextInt(3) == 0) {
                        deliveries.add(report);
                    }
                }
                Collections.shuffle(deliveries, random);
            }
            for (List<Object> report : deliveries) {
                try {
                    report.forEach(commands::sendAndWait);
                } catch (IllegalArgumentException refused) {
                    // the webhook consumer logs and skips what the order refuses
                }
            }
            var fold = new OrderViewFold();
            var history = new LinkedHashMap<String, List<Object>>();
            axon.eventStore().readEvents(ORDER.value()).asStream().forEach(message -> {
                fold.apply(message.getPayload(), T);
                history.computeIfAbsent(stream(message), k -> new ArrayList<>()).add(message.getPayload());
            });
            return new Outcome(fold.view().orElseThrow(), history);
        } finally {
            axon.shutdown();
        }
    }

    /** Events of one package, of one allocation's acceptance, or of the order: independent streams may interleave. */
    private static String stream(EventMessage<?> message) {
        var payload = message.getPayload();
        for (String accessor : new String[] {"shipmentId", "fulfillmentId", "allocationId"}) {
            try {
                return accessor + ":" + payload.getClass().getMethod(accessor).invoke(payload);
            } catch (ReflectiveOperationException absent) {
                // try the next
            }
        }
        return payload instanceof OrderCompletedEvent ? "order" : "setup";
    }

    private static void setUp(CommandGateway commands) {
        var lines = List.of(
                new OrderLine("l1", new Sku("SKU-1"), 2, new Money(BigDecimal.TEN, "EUR")),
                new OrderLine("l2", new Sku("SKU-2"), 1, new Money(BigDecimal.TEN, "EUR")),
                new OrderLine("l3", new Sku("SKU-3"), 3, new Money(BigDecimal.TEN, "EUR")));
        commands.sendAndWait(new PlaceOrderCommand(ORDER, RETAILER, "ext-shuffle", "EUR",
                new SealedPersonalData(ORDER.value(), SealedPersonalData.AES_GCM, "c2VhbGVk"),
                new Destination("DE", "BE", "Berlin", null, null), lines, null, "web", T, null, null));
        commands.sendAndWait(new StartOrderRoutingCommand(ORDER, T));
        select(commands, A, new SupplierId("split-a"), List.of(allocated("l1", "SKU-1", 2), allocated("l2", "SKU-2", 1)));
        select(commands, B, new SupplierId("split-b"), List.of(allocated("l3", "SKU-3", 3)));
    }

    private static void select(CommandGateway commands, AllocationId allocation, SupplierId supplier,
                               List<AllocatedLine> lines) {
        commands.sendAndWait(new SelectSupplierCommand(ORDER, allocation, supplier, "main", lines, Duration.ofHours(1),
                new RoutingExplanation("1", List.of(), "test"), "1"));
        commands.sendAndWait(new RequestSupplierOrderSubmissionCommand(ORDER, allocation));
        commands.sendAndWait(new RecordSupplierOrderSubmissionCommand(ORDER, allocation, "PO-" + allocation.value(), T));
    }

    private static AllocatedLine allocated(String lineId, String sku, int quantity) {
        return new AllocatedLine(lineId, new Sku(sku), quantity, "S-" + sku, null, quantity,
                StockPositionId.of(new SupplierId("x"), "main", "S-" + sku), 1);
    }

    /** Shipments listed by id: the view lists them in the order they were first reported. */
    private static OrderView sorted(OrderView view) {
        var shipments = new ArrayList<>(view.shipments());
        shipments.sort(Comparator.comparing(OrderView.Shipment::shipmentId));
        return new OrderView(view.orderId(), view.retailerId(), view.externalOrderId(), view.status(),
                view.trackingUrl(), view.updatedAt(), view.lines(), shipments, view.allocations());
    }
}
