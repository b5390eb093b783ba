package io.orderflow.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.RowsFetchSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A DatabaseClient without a database, for the query handlers' unit tests: records each statement with its named
 * binds when it runs (on subscription, as with a real client), and answers it with rows given by a fragment of its
 * SQL. A row answers only the columns it was given, each
 * only as its own type, as the driver would refuse a wrong one.
 */
public final class FakeDb {

    public record Statement(String sql, Map<String, Object> binds) {
    }

    private final List<Statement> statements = new ArrayList<>();
    private final Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    private final DatabaseClient client = mock(DatabaseClient.class);

    public FakeDb() {
        when(client.sql(anyString())).thenAnswer(call -> spec(call.getArgument(0)));
    }

    public DatabaseClient client() {
        return client;
    }

    @SafeVarargs
    public final FakeDb rows(String sqlFragment, Map<String, Object>... answer) {
        rows.put(sqlFragment, List.of(answer));
        return this;
    }

    /** A row from column names and values, in turn; values may be null. */
    public static Map<String, Object> row(Object... namesAndValues) {
        var row = new HashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    public List<Statement> statements() {
        return statements;
    }

    public Statement only() {
        if (statements.size() != 1) {
            throw new AssertionError("expected one statement, got " + statements);
        }
        return statements.getFirst();
    }

    @SuppressWarnings("unchecked")
    private GenericExecuteSpec spec(String sql) {
        var statement = new Statement(sql, new LinkedHashMap<>());
        var spec = mock(GenericExecuteSpec.class);
        when(spec.bind(anyString(), any())).thenAnswer(call -> {
            statement.binds().put(call.getArgument(0), call.getArgument(1));
            return spec;
        });
        when(spec.map(any(BiFunction.class))).thenAnswer(call -> fetch(statement,
                row -> ((BiFunction<Row, RowMetadata, Object>) call.getArgument(0)).apply(row, null)));
        when(spec.map(any(Function.class))).thenAnswer(call -> fetch(statement,
                row -> ((Function<Readable, Object>) call.getArgument(0)).apply(row)));
        return spec;
    }

    private RowsFetchSpec<Object> fetch(Statement statement, Function<Row, Object> mapper) {
        Flux<Object> all = Flux.defer(() -> {
            statements.add(statement);
            var answer = rows.entrySet().stream().filter(e -> statement.sql().contains(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(List.of());
            return Flux.fromIterable(answer).map(values -> mapper.apply(row(values)));
        });
        return new RowsFetchSpec<>() {
            @Override
            public Mono<Object> one() {
                return all.collectList().flatMap(list -> switch (list.size()) {
                    case 0 -> Mono.empty();
                    case 1 -> Mono.just(list.getFirst());
                    default -> Mono.error(new IllegalStateException("more than one row"));
                });
            }

            @Override
            public Mono<Object> first() {
                return all.next();
            }

            @Override
            public Flux<Object> all() {
                return all;
            }
        };
    }

    private static Row row(Map<String, Object> values) {
        return new Row() {
            @Override
            public RowMetadata getMetadata() {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> T get(int index, Class<T> type) {
                throw new UnsupportedOperationException("columns are read by name here");
            }

            @Override
            public <T> T get(String name, Class<T> type) {
                if (!values.containsKey(name)) {
                    throw new NoSuchElementException("no column " + name + " in " + values.keySet());
                }
                return type.cast(values.get(name));
            }
        };
    }
}
