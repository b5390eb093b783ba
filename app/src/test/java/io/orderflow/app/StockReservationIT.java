package io.orderflow.app;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** Reservation is the only thing between a limited stock and an oversold one. */
class StockReservationIT extends AppIntegrationTestBase {

    @Autowired
    EventStore eventStore;

    @Test
    void twentyConcurrentOrdersForFivePiecesAllocateExactlyFive() {
        // POSTER-LIMITED: only rotterdam-3pl sells it, with 5 in stock (demo seed)
        List<String> orderIds = Flux.range(0, 20)
                .flatMap(i -> Mono.fromCallable(() -> place(orderBody(unique("poster"), "NL",
                        Map.of("POSTER-LIMITED", 1))).path("orderId").asString())
                        .subscribeOn(Schedulers.boundedElastic()), 20)
                .collectList().block(Duration.ofSeconds(60));

        var settled = orderIds.stream()
                .map(id -> awaitView(id, v -> !Set.of("PLACED", "ROUTING").contains(v.path("status").asString()),
                        Duration.ofSeconds(30)).path("status").asString())
                .toList();

        var allocated = settled.stream().filter(s -> !s.equals("BACKORDERED")).count();
        assertThat(allocated).isEqualTo(5);
        assertThat(settled.stream().filter("BACKORDERED"::equals).count()).isEqualTo(15);

        var position = StockPositionId.of(new SupplierId("rotterdam-3pl"), "rotterdam", "R3-POSTER-LTD");
        long reservations = eventStore.readEvents(position.value(), 0).asStream()
                .filter(e -> e.getPayloadType().getSimpleName().equals("StockReservedEvent")).count();
        assertThat(reservations).isEqualTo(5);
    }
}
