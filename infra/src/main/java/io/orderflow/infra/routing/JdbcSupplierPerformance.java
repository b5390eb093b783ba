package io.orderflow.infra.routing;

import io.orderflow.command.port.SupplierPerformance;
import io.orderflow.coreapi.shared.SupplierId;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Scorecards computed from the allocation-performance read model: acceptance rate over decided submissions,
 * on-time rate over tracked shipments. Fewer than five data points give no rate (the engine treats it as unknown).
 */
@Component
class JdbcSupplierPerformance implements SupplierPerformance {

    static final int MINIMUM_HISTORY = 5;

    private final JdbcTemplate jdbc;

    JdbcSupplierPerformance(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<SupplierId, Performance> of(Collection<SupplierId> suppliers, LocalDate day) {
        Map<SupplierId, Performance> result = new HashMap<>();
        if (suppliers.isEmpty()) {
            return result;
        }
        var ids = suppliers.stream().map(SupplierId::value).toArray(String[]::new);
        jdbc.query("""
                SELECT supplier_id,
                       count(*) FILTER (WHERE accepted_at IS NOT NULL) AS accepted,
                       count(*) FILTER (WHERE accepted_at IS NOT NULL OR timed_out_at IS NOT NULL OR rejected_at IS NOT NULL) AS decided,
                       count(*) FILTER (WHERE shipped_at IS NOT NULL AND expected_ship_date IS NOT NULL
                                        AND shipped_at::date <= expected_ship_date) AS on_time,
                       count(*) FILTER (WHERE shipped_at IS NOT NULL AND expected_ship_date IS NOT NULL) AS shipped,
                       count(*) FILTER (WHERE selected_at::date = ?) AS on_day
                FROM allocation_performance WHERE supplier_id = ANY (?) GROUP BY supplier_id""",
                rs -> {
                    long decided = rs.getLong("decided");
                    long shipped = rs.getLong("shipped");
                    result.put(new SupplierId(rs.getString("supplier_id")), new Performance(
                            decided < MINIMUM_HISTORY ? null : (double) rs.getLong("accepted") / decided,
                            shipped < MINIMUM_HISTORY ? null : (double) rs.getLong("on_time") / shipped,
                            rs.getInt("on_day")));
                }, Date.valueOf(day), ids);
        return result;
    }
}
