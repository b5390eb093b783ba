package io.orderflow.query.order;

import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.ChangeChannel;

import java.time.Duration;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Turns committed order-view changes (PostgreSQL NOTIFY, sent by the projection inside its transaction)
 * into subscription-query updates. Works across instances: every node listens to the same database.
 */
@Component
class OrderViewChangeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderViewChangeListener.class);
    static final String CHANNEL = ChangeChannel.ORDER_VIEW.name();

    private final ConnectionFactory connections;
    private final QueryUpdateEmitter emitter;
    private final OrderQueries queries;
    private volatile Disposable subscription;

    OrderViewChangeListener(ConnectionFactory connections, QueryUpdateEmitter emitter, OrderQueries queries) {
        this.connections = connections;
        this.emitter = emitter;
        this.queries = queries;
    }

    @Override
    public void start() {
        subscription = Flux.usingWhen(Mono.from(connections.create()), this::listen, Connection::close)
                // one at a time: each order's changes reach its subscribers in the order they were committed
                .concatMap(this::publish)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(s -> log.warn("order view listener lost its connection, reconnecting: {}",
                                s.failure().toString())))
                .subscribe();
    }

    private Flux<String> listen(Connection connection) {
        var postgres = unwrap(connection);
        return postgres.createStatement("LISTEN " + CHANNEL).execute()
                .flatMap(PostgresqlResult::getRowsUpdated)
                .thenMany(postgres.getNotifications())
                // the driver drops the connection if notifications are not taken as fast as they come
                .onBackpressureBuffer(100_000)
                .mapNotNull(notification -> notification.getParameter());
    }

    /** The payload is the changed view itself, or only its order id when the view was too big to send. */
    Mono<Void> publish(String payload) {
        // under load thousands of changes a second arrive and usually nobody watches: read nothing then
        if (!watchedAtAll()) {
            return Mono.empty();
        }
        if (payload.startsWith("{")) {
            return Mono.fromCallable(() -> OrderQueries.JSON.readValue(payload, OrderView.class))
                    .flatMap(view -> publish(view.orderId(), Mono.just(view)));
        }
        return publish(payload, queries.viewAnyRetailer(payload));
    }

    private Mono<Void> publish(String orderId, Mono<OrderView> changed) {
        boolean watched = emitter.activeSubscriptions().stream()
                .anyMatch(s -> s.getPayload() instanceof FindOrderViewQuery q && q.orderId().value().equals(orderId));
        if (!watched) {
            return Mono.empty();
        }
        return changed
                .doOnNext(view -> emitter.emit(FindOrderViewQuery.class,
                        q -> q.orderId().value().equals(orderId) && q.retailerId().value().equals(view.retailerId()),
                        view))
                .onErrorResume(e -> {
                    log.warn("could not publish the change of order {}: {}", orderId, e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private boolean watchedAtAll() {
        return emitter.activeSubscriptions().stream().anyMatch(s -> s.getPayload() instanceof FindOrderViewQuery);
    }

    static PostgresqlConnection unwrap(Connection connection) {
        Object current = connection;
        while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
            current = wrapped.unwrap();
        }
        if (current instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("LISTEN needs a PostgreSQL R2DBC connection, got " + connection.getClass());
    }

    @Override
    public void stop() {
        var current = subscription;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null && !subscription.isDisposed();
    }
}
