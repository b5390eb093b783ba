package io.orderflow.projection.atrisk;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierReportRefusedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.projection.RecordingJdbc;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AtRiskOrdersProjectionTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final AllocationId ALLOCATION = new AllocationId("a-1");
    static final SupplierId SUPPLIER = new SupplierId("s-1");
    static final Instant T0 = Instant.parse("2026-05-01T22:30:00Z");

    final RecordingJdbc jdbc = new RecordingJdbc();
    final AtRiskOrdersProjection projection = new AtRiskOrdersProjection(jdbc);

    @Test
    void canListAPromiseAsDueWhenThePromisedDayIsOver() {
        projection.on(placed(LocalDate.of(2026, 5, 9)));

        assertThat(jdbc.only("INSERT INTO order_exception").args()).containsExactly("o-1", "r", "PROMISE_DATE_AT_RISK",
                "", "promised by 2026-05-09", Timestamp.from(T0), Timestamp.from(Instant.parse("2026-05-10T00:00:00Z")));
    }

    @Test
    void cannotListAnOrderWithoutAPromise() {
        projection.on(placed(null));

        assertThat(jdbc.statements()).isEmpty();
    }

    @Test
    void canWaitForAcceptanceUntilTheSupplierSlaRunsOut() {
        projection.on(selected(Duration.ofMinutes(30)), T0);

        assertThat(jdbc.only("INSERT INTO order_exception").args()).containsExactly("o-1", "r", "AWAITING_ACCEPTANCE",
                "a-1", "supplier s-1", Timestamp.from(T0), Timestamp.from(T0.plus(Duration.ofMinutes(30))));
    }

    @Test
    void cannotWaitForAcceptanceWithoutAnSla() {
        projection.on(selected(null), T0);

        assertThat(jdbc.statements()).isEmpty();
    }

    @Test
    void canEndTheWaitForAcceptanceWhenTheSupplierDecides() {
        projection.on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0));
        projection.on(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "no", T0));

        assertThat(jdbc.statements()).allSatisfy(s -> {
            assertThat(s.sql()).startsWith("DELETE FROM order_exception");
            assertThat(s.args()).containsExactly("o-1", "AWAITING_ACCEPTANCE", "a-1");
        }).hasSize(2);
    }

    @Test
    void canReplaceTheWaitByATimeOut() {
        projection.on(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0));

        assertThat(jdbc.statements()).hasSize(2);
        assertThat(jdbc.only("DELETE").args()).containsExactly("o-1", "AWAITING_ACCEPTANCE", "a-1");
        assertThat(jdbc.only("INSERT").args()).containsExactly("o-1", "r", "ACCEPTANCE_TIMED_OUT", "a-1",
                "supplier s-1", Timestamp.from(T0), null);
    }

    @Test
    void canListAHoldUntilItIsReleasedOrExpires() {
        projection.on(new OrderPutOnHoldEvent(ORDER, RETAILER, "fraud check"), T0);
        projection.on(new OrderHoldReleasedEvent(ORDER, RETAILER, "ops", null, T0));
        projection.on(new OrderHoldExpiredEvent(ORDER, RETAILER, Duration.ofDays(3), List.of(), T0));

        assertThat(jdbc.only("INSERT").args()).containsExactly("o-1", "r", "ON_HOLD", "", "fraud check",
                Timestamp.from(T0), null);
        assertThat(jdbc.statements("DELETE")).extracting(RecordingJdbc.Statement::args)
                .containsOnly(List.of("o-1", "ON_HOLD", ""));
    }

    @Test
    void canListARefusedSupplierReportByItsDelivery() {
        projection.on(new SupplierReportRefusedEvent(ORDER, RETAILER, SUPPLIER, "a shipment", "unknown line", "d-9", T0));

        assertThat(jdbc.only("INSERT").args()).containsExactly("o-1", "r", "SUPPLIER_REPORT_REFUSED", "d-9",
                "supplier s-1 reported a shipment: unknown line", Timestamp.from(T0), null);
    }

    @Test
    void canListCarrierTroubleButNotNormalProgress() {
        var reasons = Map.of(ShipmentStatus.DELAYED, "SHIPMENT_DELAYED",
                ShipmentStatus.ATTEMPTED_DELIVERY, "DELIVERY_ATTEMPTED",
                ShipmentStatus.DELIVERY_FAILED, "DELIVERY_FAILED",
                ShipmentStatus.RETURNED, "SHIPMENT_RETURNED");
        for (var status : ShipmentStatus.values()) {
            projection.on(new ShipmentStatusChangedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", status, "note",
                    T0));
        }

        assertThat(jdbc.statements("INSERT")).extracting(s -> s.arg(2))
                .containsExactlyInAnyOrderElementsOf(reasons.values());
        assertThat(jdbc.statements("INSERT")).allSatisfy(s -> assertThat(s.args().subList(3, 6))
                .containsExactly("F1", "note", Timestamp.from(T0)));
    }

    @Test
    void canClearCarrierTroubleButNotAReturnOnDelivery() {
        projection.on(new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", List.of(), T0));

        var delete = jdbc.only("DELETE");
        assertThat(delete.args()).containsExactly("o-1", "F1");
        assertThat(delete.sql()).contains("'SHIPMENT_DELAYED'", "'DELIVERY_ATTEMPTED'", "'DELIVERY_FAILED'")
                .doesNotContain("SHIPMENT_RETURNED");
    }

    @Test
    void canClearEverythingWhenTheOrderCompletes() {
        projection.on(new OrderCompletedEvent(ORDER, RETAILER, T0));

        var delete = jdbc.only("DELETE");
        assertThat(delete.sql()).isEqualTo("DELETE FROM order_exception WHERE order_id = ?");
        assertThat(delete.args()).containsExactly("o-1");
    }

    @Test
    void cannotListTheSameCauseTwice() {
        projection.on(new OrderPutOnHoldEvent(ORDER, RETAILER, "fraud check"), T0);

        assertThat(jdbc.only("INSERT").sql()).contains("ON CONFLICT (order_id, reason, subject) DO NOTHING");
    }

    private static OrderPlacedEvent placed(LocalDate promiseBy) {
        return new OrderPlacedEvent(ORDER, RETAILER, "ext", "EUR", null, null, List.of(), promiseBy, "web", T0, null,
                null);
    }

    private static SupplierSelectedEvent selected(Duration sla) {
        return new SupplierSelectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "loc", List.of(), sla,
                new RoutingExplanation("1", List.of(), "x"), "1");
    }
}
