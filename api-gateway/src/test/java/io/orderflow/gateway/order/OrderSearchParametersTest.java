package io.orderflow.gateway.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.coreapi.order.SearchOrdersQuery;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.security.Caller;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.ErrorResponseException;

class OrderSearchParametersTest {

    static final Caller CALLER = new Caller(new RetailerId("retailer-a"), "reader-a", Set.of("orders:read"));
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    static SearchOrdersQuery parse(String... pairs) {
        var parameters = new LinkedMultiValueMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.add(pairs[i], pairs[i + 1]);
        }
        return OrderSearchController.parse(CALLER, parameters, NOW);
    }

    @Test
    void noParametersIsTheRetailersNewestFifty() {
        assertThat(parse()).isEqualTo(new SearchOrdersQuery(CALLER.retailerId(), null, null, null, null, null, null,
                50, null));
    }

    @Test
    void everyFilterIsTaken() {
        var query = parse("status", "ON_HOLD", "supplierId", "Berlin-Gear", "sku", "MUG", "placedFrom",
                "2026-12-01T00:00:00Z", "placedTo", "2026-12-02T00:00:00Z", "atRisk", "true", "limit", "10");
        assertThat(query.status()).isEqualTo("ON_HOLD");
        assertThat(query.supplierId()).isEqualTo("berlin-gear");
        assertThat(query.atRiskBy()).isEqualTo(NOW.plus(OrderSearchController.AT_RISK_WITHIN));
        assertThat(query.limit()).isEqualTo(10);
    }

    @Test
    void aCursorComesBackAsThePositionItWasMadeOf() {
        var position = new SearchOrdersQuery.Position(Instant.parse("2026-12-01T10:15:30.123456Z"), "order-1");
        assertThat(parse("cursor", OrderSearchController.cursor(position)).after()).isEqualTo(position);
    }

    @Test
    void refusesWhatItCannotTake() {
        for (var bad : new String[][] {{"status", "LOST"}, {"limit", "0"}, {"limit", "201"}, {"limit", "x"},
                {"cursor", "bm90LW91cnM"}, {"cursor", "%%%"}, {"placedFrom", "2026-12-01"}, {"atRisk", "1"},
                {"placedTo", "+100000-01-01T00:00:00Z"}, {"supplierID", "x"}}) {
            assertThatThrownBy(() -> parse(bad)).as(String.join("=", bad)).isInstanceOf(ErrorResponseException.class)
                    .satisfies(e -> assertThat(((ErrorResponseException) e).getStatusCode().value()).isEqualTo(400));
        }
    }
}
