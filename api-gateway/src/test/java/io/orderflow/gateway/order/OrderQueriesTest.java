package io.orderflow.gateway.order;

import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static io.orderflow.gateway.GatewayTestApplication.READER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.FindOrderTimelineQuery;
import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderTimeline;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.GatewayTestSupport;
import io.orderflow.gateway.security.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class OrderQueriesTest extends GatewayTestSupport {

    private static final String ORDER_ID = "2f1c6f7e-0000-3000-8000-000000000001";
    private static final Instant UPDATED = Instant.parse("2026-03-01T10:16:00Z");

    @Autowired
    OrderController controller;

    @Test
    void theViewCarriesItsTrackingUrlAndUpdatedAt() {
        givenView(Optional.of(view("ROUTING")));

        web.get().uri("/api/v1/orders/{id}", ORDER_ID).header("X-Api-Key", READER_A)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.orderId").isEqualTo(ORDER_ID)
                .jsonPath("$.status").isEqualTo("ROUTING")
                .jsonPath("$.updatedAt").isEqualTo("2026-03-01T10:16:00Z")
                .jsonPath("$.trackingUrl").value(url -> assertThat((String) url).startsWith("https://orders.example.com/track/"))
                .jsonPath("$.lines[0].lineId").isEqualTo("1");
    }

    @Test
    void anotherRetailersOrderIs404BecauseTheQueryCarriesTheCallersRetailer() {
        givenView(Optional.empty());

        web.get().uri("/api/v1/orders/{id}", ORDER_ID).header("X-Api-Key", READER_B)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        var query = ArgumentCaptor.forClass(Object.class);
        verify(queries).query(query.capture(), any(ResponseType.class));
        assertThat(query.getValue()).isEqualTo(new FindOrderViewQuery(new OrderId(ORDER_ID), new RetailerId("retailer-b")));
    }

    @Test
    void aViewOfAnotherRetailerIsNeverShownEvenIfTheReadModelReturnedIt() {
        givenView(Optional.of(view("ROUTING")));

        web.get().uri("/api/v1/orders/{id}", ORDER_ID).header("X-Api-Key", READER_B)
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aFailingReadIs503() {
        doReturn(CompletableFuture.failedFuture(new IllegalStateException("r2dbc down")))
                .when(queries).query(any(FindOrderViewQuery.class), any(ResponseType.class));

        web.get().uri("/api/v1/orders/{id}", ORDER_ID).header("X-Api-Key", READER_A)
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anAbsurdOrderIdIs404WithoutAQuery() {
        web.get().uri("/api/v1/orders/{id}", "x".repeat(200)).header("X-Api-Key", READER_A)
                .exchange()
                .expectStatus().isNotFound();
        verify(queries, never()).query(any(), any(ResponseType.class));
    }

    @Test
    void theTimelineIsOldestFirst() {
        var timeline = new OrderTimeline(List.of(
                new OrderTimeline.Entry(Instant.parse("2026-03-01T10:16:00Z"), "ROUTING_STARTED", "Looking for a supplier"),
                new OrderTimeline.Entry(Instant.parse("2026-03-01T10:15:30Z"), "ORDER_PLACED", "Order placed")));
        doReturn(CompletableFuture.completedFuture(Optional.of(timeline)))
                .when(queries).query(any(FindOrderTimelineQuery.class), any(ResponseType.class));

        web.get().uri("/api/v1/orders/{id}/timeline", ORDER_ID).header("X-Api-Key", READER_A)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].type").isEqualTo("ORDER_PLACED")
                .jsonPath("$[0].at").isEqualTo("2026-03-01T10:15:30Z")
                .jsonPath("$[0].text").isEqualTo("Order placed")
                .jsonPath("$[1].type").isEqualTo("ROUTING_STARTED");
    }

    @Test
    void anAbsentTimelineIs404() {
        doReturn(CompletableFuture.completedFuture(Optional.empty()))
                .when(queries).query(any(FindOrderTimelineQuery.class), any(ResponseType.class));

        web.get().uri("/api/v1/orders/{id}/timeline", ORDER_ID).header("X-Api-Key", READER_A)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theStreamSendsTheViewThenEveryChangeAndEndsOnDelivery() {
        var closed = new AtomicBoolean();
        givenSubscription(Optional.of(view("ROUTING")),
                Flux.just(view("SHIPPED"), view("DELIVERED"), view("NEVER_SENT")), closed);

        var events = web.get().uri("/api/v1/orders/{id}/stream", ORDER_ID).header("X-Api-Key", READER_A)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<OrderView>>() {
                })
                .getResponseBody();

        StepVerifier.create(events.map(event -> event.event() + ":" + event.data().status()))
                .expectNext("order:ROUTING", "order:SHIPPED", "order:DELIVERED")
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(closed).isTrue();
    }

    @Test
    void theStreamOfAnUnknownOrderIs404BeforeItStarts() {
        var closed = new AtomicBoolean();
        givenSubscription(Optional.empty(), Flux.never(), closed);

        web.get().uri("/api/v1/orders/{id}/stream", ORDER_ID).header("X-Api-Key", READER_A)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(closed).isTrue();
    }

    @Test
    void aQuietStreamGetsHeartbeatsAndClosesTheSubscriptionWhenTheClientLeaves() {
        var closed = new AtomicBoolean();
        var subscription = new DefaultSubscriptionQueryResult<Optional<OrderView>, OrderView>(
                Mono.just(Optional.of(view("ROUTING"))), Flux.never(), () -> {
                    closed.set(true);
                    return true;
                });
        var caller = new Caller(new RetailerId("retailer-a"), "reader-a", Set.of("orders:read"));

        StepVerifier.withVirtualTime(() -> controller.events(subscription, Flux.concat(Mono.just(view("ROUTING")), Flux.never()),
                        Duration.ofSeconds(15)))
                .assertNext(event -> assertThat(event.event()).isEqualTo("order"))
                .thenAwait(Duration.ofSeconds(15))
                .assertNext(event -> assertThat(event.comment()).isEqualTo("heartbeat"))
                .thenAwait(Duration.ofSeconds(15))
                .assertNext(event -> assertThat(event.comment()).isEqualTo("heartbeat"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(closed).isTrue();
    }

    private void givenView(Optional<OrderView> view) {
        doReturn(CompletableFuture.completedFuture(view))
                .when(queries).query(any(FindOrderViewQuery.class), any(ResponseType.class));
    }

    private void givenSubscription(Optional<OrderView> initial, Flux<OrderView> updates, AtomicBoolean closed) {
        var result = new DefaultSubscriptionQueryResult<>(Mono.just(initial), updates, () -> {
            closed.set(true);
            return true;
        });
        doReturn(result).when(queries)
                .subscriptionQuery(any(FindOrderViewQuery.class), any(ResponseType.class), any(ResponseType.class));
    }

    private static OrderView view(String status) {
        return new OrderView(ORDER_ID, "retailer-a", "ext-1", status, null, UPDATED,
                List.of(new OrderView.Line("1", "SKU-RED-M", 2, status, "supplier-1", 0, 0, 0, 0)), List.of(), List.of());
    }
}
