package io.orderflow.infra.webhook;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.routing.FindAllocatedLinesQuery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final QueryGateway queries;

    AllocationLines(JdbcTemplate jdbc, QueryGateway queries) {
        this.jdbc = jdbc;
        this.queries = queries;
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
     * report always finds them; links made before that kept them only in the routing decision, which the read side
     * answers for.
     */
    List<JsonNode> lines(String allocationId) {
        var kept = jdbc.queryForList("SELECT lines::text FROM supplier_order_link WHERE allocation_id = ?",
                String.class, allocationId).stream().filter(Objects::nonNull).findFirst();
        var lines = new ArrayList<JsonNode>();
        if (kept.isPresent()) {
            JSON.readTree(kept.get()).forEach(lines::add);
        } else {
            decided(allocationId).forEach(line -> lines.add(JSON.valueToTree(line)));
        }
        return lines;
    }

    private List<AllocatedLine> decided(String allocationId) {
        try {
            return queries.query(new FindAllocatedLinesQuery(new AllocationId(allocationId)),
                    ResponseTypes.multipleInstancesOf(AllocatedLine.class)).get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the routing decision of " + allocationId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the routing decision of " + allocationId, e);
        }
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
