package io.orderflow.projection;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;

/**
 * A JdbcTemplate without a database, for the projections' unit tests: records every statement with its arguments,
 * answers updates with a chosen row count, and queries with rows given by a fragment of their SQL.
 */
public class RecordingJdbc extends JdbcTemplate {

    public record Statement(String sql, List<Object> args) {

        public Object arg(int index) {
            return args.get(index);
        }
    }

    private final List<Statement> statements = new ArrayList<>();
    private final Map<String, List<Object[]>> rows = new LinkedHashMap<>();
    private ToIntFunction<Statement> updateCount = s -> 1;

    /** Rows (their columns by position, from 1) that a query whose SQL contains the fragment reads. */
    public RecordingJdbc rows(String sqlFragment, Object[]... columns) {
        rows.put(sqlFragment, List.of(columns));
        return this;
    }

    public RecordingJdbc updateCount(ToIntFunction<Statement> count) {
        updateCount = count;
        return this;
    }

    public List<Statement> statements() {
        return statements;
    }

    public List<Statement> statements(String sqlFragment) {
        return statements.stream().filter(s -> s.sql().contains(sqlFragment)).toList();
    }

    public Statement only(String sqlFragment) {
        var matching = statements(sqlFragment);
        if (matching.size() != 1) {
            throw new AssertionError("expected one statement with " + sqlFragment + ", got " + statements);
        }
        return matching.getFirst();
    }

    @Override
    public int update(String sql) {
        return update(sql, new Object[0]);
    }

    @Override
    public int update(String sql, Object... args) {
        var statement = record(sql, args);
        return updateCount.applyAsInt(statement);
    }

    @Override
    public int[] batchUpdate(String sql, List<Object[]> batchArgs) {
        return batchArgs.stream().mapToInt(args -> updateCount.applyAsInt(record(sql, args))).toArray();
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) {
        record(sql, args);
        var result = new ArrayList<T>();
        var found = rowsFor(sql);
        for (int i = 0; i < found.size(); i++) {
            try {
                result.add(rowMapper.mapRow(resultSet(found.get(i)), i));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    @Override
    public <T> T query(String sql, ResultSetExtractor<T> extractor, Object... args) {
        record(sql, args);
        return null;
    }

    @Override
    public List<Map<String, Object>> queryForList(String sql, Object... args) {
        record(sql, args);
        return rowsFor(sql).stream().map(columns -> Map.<String, Object>of("?column?", columns[0])).toList();
    }

    private Statement record(String sql, Object... args) {
        var statement = new Statement(sql, args == null ? List.of() : Arrays.asList(args));
        statements.add(statement);
        return statement;
    }

    private List<Object[]> rowsFor(String sql) {
        return rows.entrySet().stream().filter(e -> sql.contains(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse(List.of());
    }

    /** Only what the projections read: getString, getInt, getLong and getTimestamp by column position. */
    private static ResultSet resultSet(Object[] columns) {
        return (ResultSet) Proxy.newProxyInstance(RecordingJdbc.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    var value = columns[(Integer) args[0] - 1];
                    return switch (method.getName()) {
                        case "getString" -> (String) value;
                        case "getInt" -> value == null ? 0 : ((Number) value).intValue();
                        case "getLong" -> value == null ? 0L : ((Number) value).longValue();
                        case "getTimestamp" -> (java.sql.Timestamp) value;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }
}
