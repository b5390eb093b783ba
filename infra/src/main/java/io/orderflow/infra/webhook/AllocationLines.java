package io.orderflow.infra.webhook;

import java.time.Clock;
import java.time.Duration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderflow.infra.failure.Failures;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a supplier's webhook refers to, in our terms: the order an allocation belongs to, and its lines. */
@Component
class AllocationLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Link(String orderId, String allocationId) {
    }

    static final Duration DECISION_WAIT = Duration.ofMinutes(2);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AllocationLines(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<String> orderOf(String supplierId, String allocationId) {
        return jdbc.queryForList("SELECT order_id FROM supplier_order_link WHERE allocation_id = ? AND supplier_id = ?",
                String.class, allocationId, supplierId).stream().findFirst();
    }

    /** The allocation the supplier knows by this order reference (the dispatcher records it on submission). */
    Optional<Link> bySupplierOrder(String supplierId, String supplierOrderRef) {
        return jdbc.query("""
                        SELECT order_id, allocation_id FROM supplier_order_link
                        WHERE supplier_id = ? AND supplier_order_ref = ?""",
                (rs, i) -> new Link(rs.getString(1), rs.getString(2)), supplierId, supplierOrderRef).stream().findFirst();
    }

    /** The allocated lines as routing decided them: lineId, quantity, supplierSku, variantId, supplierUnits... */
    List<JsonNode> lines(String allocationId) {
        return jdbc.queryForList("SELECT lines::text FROM routing_decision WHERE allocation_id = ?", String.class,
                        allocationId).stream()
                .flatMap(json -> {
                    var lines = new ArrayList<JsonNode>();
                    JSON.readTree(json).forEach(lines::add);
                    return lines.stream();
                })
                .toList();
    }

    /**
     * The allocated lines, for a supplier's report logged at {@code loggedAtMillis}. They come from a read model
     * (routing decisions), which may lag a supplier's fast report by moments, and by seconds while another node takes
     * over a dead node's segments: the report then waits (a transient failure, its partition retried in order) up to
     * {@link #DECISION_WAIT} after it was logged; an allocation still without lines is refused after that (parked).
     */
    List<JsonNode> decidedLines(String allocationId, long loggedAtMillis) {
        var lines = lines(allocationId);
        if (!lines.isEmpty()) {
            return lines;
        }
        if (clock.millis() - loggedAtMillis < DECISION_WAIT.toMillis()) {
            throw new Failures.TransientFailure("the routing decision of allocation " + allocationId
                    + " is not in its read model yet", null);
        }
        throw new Failures.Poison("no routing decision for allocation " + allocationId + " within "
                + DECISION_WAIT.toSeconds() + " s of the report", null);
    }

    /** Per line: supplier units per retailer item, as routing decided them. */
    static Map<String, Integer> unitsPerItem(List<JsonNode> lines) {
        Map<String, Integer> ratios = new HashMap<>();
        lines.forEach(line -> {
            int quantity = line.path("quantity").asInt();
            int units = line.path("supplierUnits").asInt();
            if (quantity > 0 && units >= quantity && units % quantity == 0) {
                ratios.put(line.path("lineId").asString(), units / quantity);
            }
        });
        return ratios;
    }
}
