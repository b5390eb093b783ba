package io.orderflow.gateway.tracking;

import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.tracking.OrderTracking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingHtmlTest {

    @Test
    void everythingVariableIsEscaped() {
        var shipment = new OrderView.Shipment("F-1", "s", "<b>DHL</b>", "\"><script>x</script>",
                "https://t.example/?q=\"><script>", "IN_TRANSIT", List.of(new LineQuantity("L1", 1)));
        var view = new OrderView("o", "r", "<img src=x onerror=alert(1)>", "SHIPPED", null, Instant.EPOCH,
                List.of(new OrderView.Line("L1", "<sku>", 1, "SHIPPED", "s", 1, 1, 0, 0)), List.of(shipment), List.of());
        var tracking = new OrderTracking("o", "r", "Ber'lin", null, Instant.EPOCH, null, null, 0,
                Instant.EPOCH, List.of());

        String html = TrackingHtml.document(TrackingPages.compose(view, tracking, "<Ana>", LocalDate.EPOCH), "n0nce", "/track/t/updates");

        assertThat(html).doesNotContain("<script>x", "<img", "<b>DHL", "<sku>", "<Ana>", "\"><script>")
                .contains("&lt;Ana&gt;", "Ber&#39;lin", "nonce=\"n0nce\"");
        assertThat(html.split("<script", -1)).hasSize(2);
    }

    @Test
    void theNotFoundPageSaysSoWithoutLiveUpdates() {
        assertThat(TrackingHtml.notFound("n")).contains("could not find this tracking link").contains("data-updates=\"\"");
    }
}
