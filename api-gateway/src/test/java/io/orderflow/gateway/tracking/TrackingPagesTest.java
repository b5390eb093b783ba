package io.orderflow.gateway.tracking;

import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.tracking.OrderTracking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingPagesTest {

    static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 5, 6);

    @Test
    void anAcceptedOrderIsOnTheSecondStepWithNothingSentYet() {
        var page = TrackingPages.compose(view("ACCEPTED", List.of()), tracking(0, null, List.of()), "Ana", TODAY);

        assertThat(page.headline()).containsIgnoringCase("accepted");
        assertThat(page.steps()).extracting(TrackingPage.Step::state)
                .containsExactly("done", "current", "upcoming", "upcoming");
        assertThat(page.steps().get(1).at()).isEqualTo(T0.plusSeconds(60));
        assertThat(page.parcels()).isEmpty();
        assertThat(page.finished()).isFalse();
        assertThat(page.firstName()).isEqualTo("Ana");
        assertThat(page.city()).isEqualTo("Berlin");
    }

    @Test
    void aDeliveredOrderIsFinishedAndShowsItsParcel() {
        var shipment = new OrderView.Shipment("F-1", "berlin-gear", "DHL", "0034", "https://tracking.example/0034",
                "DELIVERED", List.of(new LineQuantity("L1", 2)));
        var parcel = new OrderTracking.Parcel("F-1", TODAY, T0.plusSeconds(120), T0.plusSeconds(180));
        var page = TrackingPages.compose(view("DELIVERED", List.of(shipment)), tracking(0, T0.plusSeconds(180),
                List.of(parcel)), "Ana", TODAY);

        assertThat(page.finished()).isTrue();
        assertThat(page.steps()).extracting(TrackingPage.Step::state).containsExactly("done", "done", "done", "current");
        assertThat(page.parcels()).singleElement().satisfies(p -> {
            assertThat(p.carrier()).isEqualTo("DHL");
            assertThat(p.trackingUrl()).isEqualTo("https://tracking.example/0034");
            assertThat(p.items()).singleElement().satisfies(i -> assertThat(i.sku()).isEqualTo("TSHIRT"));
        });
        assertThat(page.notices()).isEmpty();
    }

    @Test
    void delaysAreExplainedInPlainWords() {
        var shipment = new OrderView.Shipment("F-1", "s", null, null, null, "PREPARING", List.of(new LineQuantity("L1", 2)));
        var late = new OrderTracking.Parcel("F-1", TODAY.minusDays(2), null, null);
        var page = TrackingPages.compose(view("IN_FULFILLMENT", List.of(shipment)),
                new OrderTracking("o", "r", "Berlin", TODAY.minusDays(1), T0, T0, null, 1, T0, List.of(late)), "Ana", TODAY);

        assertThat(page.notices()).hasSize(3).anySatisfy(n -> assertThat(n).contains("passed it to another one"))
                .anySatisfy(n -> assertThat(n).contains("was expected to leave on Monday 4 May"))
                .anySatisfy(n -> assertThat(n).contains("promised delivery by Tuesday 5 May"));
    }

    @Test
    void onlyWebAddressesBecomeLinks() {
        assertThat(TrackingPages.safeLink("https://tracking.example/1?a=b")).isEqualTo("https://tracking.example/1?a=b");
        assertThat(TrackingPages.safeLink("javascript:alert(1)")).isNull();
        assertThat(TrackingPages.safeLink("data:text/html,hi")).isNull();
        assertThat(TrackingPages.safeLink("//evil.example/x")).isNull();
        assertThat(TrackingPages.safeLink(null)).isNull();
    }

    static OrderView view(String status, List<OrderView.Shipment> shipments) {
        return new OrderView("o", "r", "SHOP-1", status, null, T0.plusSeconds(200),
                List.of(new OrderView.Line("L1", "TSHIRT", 2, status, "s", 0, 0, 0, 0)), shipments, List.of());
    }

    @Test
    void greetsWithOnlyTheFirstWordOfTheName() {
        assertThat(TrackingPages.firstName("Ana Example")).isEqualTo("Ana");
        assertThat(TrackingPages.firstName("  Jean-Luc   Picard de la Barre ")).isEqualTo("Jean-Luc");
        assertThat(TrackingPages.firstName("Cher")).isEqualTo("Cher");
        assertThat(TrackingPages.firstName("   ")).isNull();
        assertThat(TrackingPages.firstName(null)).isNull();
    }

    static OrderTracking tracking(int reroutes, Instant completedAt, List<OrderTracking.Parcel> parcels) {
        return new OrderTracking("o", "r", "Berlin", null, T0, T0.plusSeconds(60), completedAt, reroutes,
                T0.plusSeconds(200), parcels);
    }
}
