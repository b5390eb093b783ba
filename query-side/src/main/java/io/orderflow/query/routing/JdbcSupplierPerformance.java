package io.orderflow.query.routing;

import io.orderflow.command.port.SupplierPerformance;
import io.orderflow.coreapi.shared.SupplierId;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Scorecards from the running counts the allocation-performance projection keeps (supplier_scorecard,
 * supplier_day_orders): acceptance rate over decided submissions, on-time rate over tracked shipments. Fewer than
 * five data points give no rate (the engine treats it as unknown). Routing asks for the same few suppliers' cards
 * with every order, so an answer is kept for {@link #FRESH_FOR}: a scorecard is a statistic, and the read model it
 * comes from follows the events by about as much anyway.
 */
@Component
class JdbcSupplierPerformance implements SupplierPerformance {

    static final int MINIMUM_HISTORY = 5;
    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private record Key(Set<SupplierId> suppliers, LocalDate day) {
    }

    private record Cached(Map<SupplierId, Performance> cards, long expiresAtNanos) {
    }

    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    private final JdbcTemplate jdbc;

    JdbcSupplierPerformance(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<SupplierId, Performance> of(Collection<SupplierId> suppliers, LocalDate day) {
        var key = new Key(Set.copyOf(suppliers), day);
        var cached = cache.get(key);
        if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
            return cached.cards();
        }
        var cards = Map.copyOf(read(suppliers, day));
        if (cache.size() > 1_000) {
            cache.clear();
        }
        cache.put(key, new Cached(cards, System.nanoTime() + FRESH_FOR.toNanos()));
        return cards;
    }

    private Map<SupplierId, Performance> read(Collection<SupplierId> suppliers, LocalDate day) {
        Map<SupplierId, Performance> result = new HashMap<>();
        if (suppliers.isEmpty()) {
            return result;
        }
        var ids = suppliers.stream().map(SupplierId::value).toArray(String[]::new);
        jdbc.query("""
                SELECT s.supplier_id, coalesce(c.decided, 0), coalesce(c.accepted, 0), coalesce(c.shipped, 0),
                       coalesce(c.on_time, 0), coalesce(d.orders, 0)
                FROM unnest(?::text[]) AS s(supplier_id)
                LEFT JOIN supplier_scorecard c ON c.supplier_id = s.supplier_id
                LEFT JOIN supplier_day_orders d ON d.supplier_id = s.supplier_id AND d.day = ?""",
                rs -> {
                    long decided = rs.getLong(2);
                    long shipped = rs.getLong(4);
                    if (decided == 0 && shipped == 0 && rs.getLong(6) == 0) {
                        return;
                    }
                    result.put(new SupplierId(rs.getString(1)), new Performance(
                            decided < MINIMUM_HISTORY ? null : (double) rs.getLong(3) / decided,
                            shipped < MINIMUM_HISTORY ? null : (double) rs.getLong(5) / shipped,
                            rs.getInt(6)));
                }, ids, Date.valueOf(day));
        return result;
    }
}
