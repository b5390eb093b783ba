package io.orderflow.infra.connector;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.routing.FindAllocatedLinesQuery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The supplier orders' links, which the dispatcher writes (supplier_order_link) before it calls the supplier: the
 * order an allocation belongs to, the supplier's reference for it, and the allocated lines. Links made before the
 * lines were kept with them (V30) find their lines in the routing decision, which the read side answers for.
 */
@Component
class SupplierOrderLinks implements AllocationLinks {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final TypeReference<List<AllocatedLine>> LINES = new TypeReference<>() {
    };
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final QueryGateway queries;

    SupplierOrderLinks(JdbcTemplate jdbc, QueryGateway queries) {
        this.jdbc = jdbc;
        this.queries = queries;
    }

    @Override
    public Optional<String> orderOf(String supplierId, String allocationId) {
        return jdbc.queryForList("SELECT order_id FROM supplier_order_link WHERE allocation_id = ? AND supplier_id = ?",
                String.class, allocationId, supplierId).stream().findFirst();
    }

    @Override
    public Optional<Link> bySupplierOrder(String supplierId, String supplierOrderRef) {
        return jdbc.query("""
                        SELECT order_id, allocation_id FROM supplier_order_link
                        WHERE supplier_id = ? AND supplier_order_ref = ?""",
                (rs, i) -> new Link(rs.getString(1), rs.getString(2)), supplierId, supplierOrderRef).stream().findFirst();
    }

    @Override
    public Optional<String> supplierOrderRef(String allocationId) {
        return jdbc.queryForList("SELECT supplier_order_ref FROM supplier_order_link WHERE allocation_id = ?",
                String.class, allocationId).stream().filter(Objects::nonNull).findFirst();
    }

    @Override
    public AllocationUnits units(String allocationId) {
        return new AllocationUnits(lines(allocationId).stream()
                .map(line -> new AllocationUnits.Line(line.lineId(), line.quantity(),
                        line.supplierSku() == null ? "" : line.supplierSku(), line.supplierUnits()))
                .toList());
    }

    private List<AllocatedLine> lines(String allocationId) {
        var kept = jdbc.queryForList("SELECT lines::text FROM supplier_order_link WHERE allocation_id = ?",
                String.class, allocationId).stream().filter(Objects::nonNull).findFirst();
        return kept.isPresent() ? JSON.readValue(kept.get(), LINES) : decided(allocationId);
    }

    private List<AllocatedLine> decided(String allocationId) {
        try {
            return queries.query(new FindAllocatedLinesQuery(new AllocationId(allocationId)),
                            ResponseTypes.multipleInstancesOf(AllocatedLine.class))
                    .get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the routing decision of " + allocationId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the routing decision of " + allocationId, e);
        }
    }
}
