package io.orderflow.query.order;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.FindOrderTimelineQuery;
import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.query.FakeDb;

import java.util.Set;
import java.util.function.Predicate;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

class OrderViewChangeListenerTest {

    static final String VIEW = """
            {"orderId":"o-1","retailerId":"r","status":"ACCEPTED","onHold":false,"lines":[]}""";

    final FakeDb db = new FakeDb();
    final QueryUpdateEmitter emitter = mock(QueryUpdateEmitter.class);
    final OrderViewChangeListener listener = new OrderViewChangeListener(mock(ConnectionFactory.class), emitter,
            new OrderQueries(db.client()));

    @Test
    void canListenOnTheOrderViewChannel() {
        assertThat(OrderViewChangeListener.CHANNEL).isEqualTo("order_view_changed");
    }

    @Test
    void canPublishTheViewCarriedByTheNotificationToTheOrdersWatchersOnly() {
        watching(new FindOrderViewQuery(new OrderId("o-1"), new RetailerId("r")));

        listener.publish(VIEW).block();

        var filter = emitted();
        assertThat(filter.test(new FindOrderViewQuery(new OrderId("o-1"), new RetailerId("r")))).isTrue();
        assertThat(filter.test(new FindOrderViewQuery(new OrderId("o-1"), new RetailerId("other")))).isFalse();
        assertThat(filter.test(new FindOrderViewQuery(new OrderId("o-2"), new RetailerId("r")))).isFalse();
        assertThat(db.statements()).isEmpty();
    }

    @Test
    void canReadBackAViewTooBigForItsNotification() {
        watching(new FindOrderViewQuery(new OrderId("o-1"), new RetailerId("r")));
        db.rows("FROM order_view", row("view", VIEW));

        listener.publish("o-1").block();

        emitted();
        assertThat(db.only().binds()).containsEntry("orderId", "o-1");
    }

    @Test
    void cannotReadOrPublishAnythingWhenNobodyWatchesAnOrder() {
        watching(new FindOrderTimelineQuery(new OrderId("o-1"), new RetailerId("r")));

        listener.publish("o-1").block();
        listener.publish(VIEW).block();

        assertThat(db.statements()).isEmpty();
        verify(emitter, never()).emit(eq(FindOrderViewQuery.class), any(Predicate.class), any(Object.class));
    }

    @Test
    void cannotReadAViewNobodyWatches() {
        watching(new FindOrderViewQuery(new OrderId("o-2"), new RetailerId("r")));

        listener.publish("o-1").block();

        assertThat(db.statements()).isEmpty();
        verify(emitter, never()).emit(eq(FindOrderViewQuery.class), any(Predicate.class), any(Object.class));
    }

    @Test
    void canSurviveAViewItCannotRead() {
        watching(new FindOrderViewQuery(new OrderId("o-1"), new RetailerId("r")));
        db.rows("FROM order_view", row("view", "{not json"));

        listener.publish("o-1").block();

        verify(emitter, never()).emit(eq(FindOrderViewQuery.class), any(Predicate.class), any(Object.class));
    }

    @Test
    void canFindThePostgresConnectionBehindPoolWrappers() {
        var postgres = mock(PostgresqlConnection.class);
        var pooled = mock(Connection.class, withSettings().extraInterfaces(Wrapped.class));
        when(((Wrapped<?>) pooled).unwrap()).thenAnswer(call -> postgres);
        var outer = mock(Connection.class, withSettings().extraInterfaces(Wrapped.class));
        when(((Wrapped<?>) outer).unwrap()).thenAnswer(call -> pooled);

        assertThat(OrderViewChangeListener.unwrap(outer)).isSameAs(postgres);
        assertThat(OrderViewChangeListener.unwrap(postgres)).isSameAs(postgres);
    }

    @Test
    void cannotListenOnAnotherDatabase() {
        assertThatIllegalStateException().isThrownBy(() -> OrderViewChangeListener.unwrap(mock(Connection.class)))
                .withMessageContaining("PostgreSQL");
    }

    private void watching(Object query) {
        SubscriptionQueryMessage<?, ?, ?> subscription = new GenericSubscriptionQueryMessage<>(query,
                ResponseTypes.instanceOf(OrderView.class), ResponseTypes.instanceOf(OrderView.class));
        when(emitter.activeSubscriptions()).thenReturn(Set.of(subscription));
    }

    @SuppressWarnings("unchecked")
    private Predicate<FindOrderViewQuery> emitted() {
        ArgumentCaptor<Predicate<FindOrderViewQuery>> filter = ArgumentCaptor.forClass(Predicate.class);
        ArgumentCaptor<Object> view = ArgumentCaptor.forClass(Object.class);
        verify(emitter).emit(eq(FindOrderViewQuery.class), filter.capture(), view.capture());
        assertThat(((OrderView) view.getValue()).orderId()).isEqualTo("o-1");
        assertThat(((OrderView) view.getValue()).status()).isEqualTo("ACCEPTED");
        return filter.getValue();
    }
}
