package io.orderflow.infra.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private final JdbcTemplate jdbc;

    AllocationLines(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /**
     * The allocated lines as routing decided them: lineId, quantity, supplierSku, variantId, supplierUnits... They are
     * kept with the supplier order's link, which the dispatcher commits before it calls the supplier, so a supplier's
     * report always finds them; links made before that kept them only in the routing-decisions read model.
     */
    List<JsonNode> lines(String allocationId) {
        return jdbc.queryForList("""
                        SELECT coalesce(l.lines, d.lines)::text
                        FROM (SELECT ?::text AS allocation_id) a
                        LEFT JOIN supplier_order_link l ON l.allocation_id = a.allocation_id
                        LEFT JOIN routing_decision d ON d.allocation_id = a.allocation_id
                        WHERE coalesce(l.lines, d.lines) IS NOT NULL""", String.class,
                        allocationId).stream()
                .flatMap(json -> {
                    var lines = new ArrayList<JsonNode>();
                    JSON.readTree(json).forEach(lines::add);
                    return lines.stream();
                })
                .toList();
    }

    /** Per line of the allocation: supplier units per retailer item, as routing decided them. */
    Map<String, Integer> unitsPerItem(String allocationId) {
        Map<String, Integer> ratios = new HashMap<>();
        lines(allocationId).forEach(line -> {
            int quantity = line.path("quantity").asInt();
            int units = line.path("supplierUnits").asInt();
            if (quantity > 0 && units >= quantity && units % quantity == 0) {
                ratios.put(line.path("lineId").asString(), units / quantity);
            }
        });
        return ratios;
    }
}
