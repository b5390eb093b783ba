package io.orderflow.query.inventory;

import io.orderflow.command.port.StockAvailability;
import io.orderflow.coreapi.shared.StockPositionId;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Available to promise from the stock_availability read model, for routing to plan with. */
@Component
class JdbcStockAvailability implements StockAvailability {

    private final JdbcTemplate jdbc;

    JdbcStockAvailability(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<StockPositionId, Integer> availableToPromise(Collection<StockPositionId> positions) {
        var answer = new HashMap<StockPositionId, Integer>();
        if (positions.isEmpty()) {
            return answer;
        }
        var ids = positions.stream().map(StockPositionId::value).distinct().toArray(String[]::new);
        jdbc.query("SELECT position_id, available FROM stock_availability WHERE position_id = ANY (?)",
                rs -> {
                    answer.put(new StockPositionId(rs.getString(1)), rs.getInt(2));
                },
                (Object) ids);
        return answer;
    }
}
