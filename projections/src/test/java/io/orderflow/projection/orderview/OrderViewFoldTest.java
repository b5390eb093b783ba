package io.orderflow.projection.orderview;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderViewFoldTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final SupplierId SUPPLIER = new SupplierId("s");
    static final AllocationId ALLOCATION = new AllocationId("o-1-1");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void appliesExactlyTheEventsTheProjectionHandles() {
        var handled = Arrays.stream(OrderViewProjection.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(EventHandler.class))
                .map(m -> m.getParameterTypes()[0])
                .collect(Collectors.toSet());

        assertThat(OrderViewFold.APPLIED).containsExactlyInAnyOrderElementsOf(handled);
    }

    @Test
    void canFoldAnAcceptedOrderWithoutTracking() {
        var fold = new OrderViewFold();
        history().subList(0, 4).forEach(e -> fold.apply(e, T0));

        var view = fold.view().orElseThrow();
        assertThat(view.status()).isEqualTo("ACCEPTED");
        assertThat(view.retailerId()).isEqualTo("r");
        assertThat(view.shipments()).isEmpty();
        assertThat(view.updatedAt()).isEqualTo(T0);
    }

    @Test
    void canFoldAShippedOrderWithItsTracking() {
        var fold = new OrderViewFold();
        history().forEach(e -> fold.apply(e, T0.plusSeconds(1)));

        var view = fold.view().orElseThrow();
        assertThat(view.status()).isEqualTo("SHIPPED");
        assertThat(view.shipments()).singleElement().satisfies(s -> {
            assertThat(s.trackingNumber()).isEqualTo("123");
            assertThat(s.status()).isEqualTo("IN_TRANSIT");
        });
    }

    @Test
    void cannotFoldAnythingBeforeTheOrderWasPlaced() {
        var fold = new OrderViewFold();
        assertThat(fold.apply(history().get(1), T0)).isFalse();
        assertThat(fold.view()).isEmpty();
        assertThat(fold.apply("not an order event", T0)).isFalse();
    }

    static List<Object> history() {
        var line = new OrderLine("L1", new Sku("A"), 2, new Money(BigDecimal.ONE, "EUR"));
        var placed = new OrderPlacedEvent(ORDER, RETAILER, "ext", "EUR",
                new SealedPersonalData(ORDER.value(), SealedPersonalData.AES_GCM, "c2VhbGVk"),
                new Destination("DE", null, "Berlin", null, null), List.of(line), LocalDate.of(2026, 5, 9), "web", T0,
                null, null);
        var selected = new SupplierSelectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "loc",
                List.of(new AllocatedLine("L1", new Sku("A"), 2, "SA", null, 2, StockPositionId.of(SUPPLIER, "loc", "SA"), 1)),
                Duration.ofMinutes(30), new RoutingExplanation("test", List.of(), "only one"), "1");
        return List.of(placed, new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), selected,
                new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0),
                new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1",
                        List.of(new LineQuantity("L1", 2)), LocalDate.of(2026, 5, 2), T0),
                new ShipmentTrackedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", List.of(new LineQuantity("L1", 2)),
                        "DHL", "123", "https://t/123", T0));
    }
}
