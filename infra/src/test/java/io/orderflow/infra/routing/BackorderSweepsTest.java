package io.orderflow.infra.routing;

import io.orderflow.coreapi.order.FindWaitingBackordersQuery;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.WaitingBackorder;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.FindPositionAvailabilityQuery;
import io.orderflow.coreapi.stock.PositionAvailability;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.infra.cluster.NodeRoles;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The sweeps on a hand-driven clock and timer: what is swept when, and how much, against fake read-side answers. */
class BackorderSweepsTest {

    static final Duration DELAY = Duration.ofMillis(500);

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-06T10:00:00Z"));
    final FakeTimer timer = new FakeTimer();
    final CommandGateway commands = mock(CommandGateway.class);
    final QueryGateway queries = mock(QueryGateway.class);
    final List<FindWaitingBackordersQuery> asked = new ArrayList<>();
    final List<String> routed = new ArrayList<>();
    List<WaitingBackorder> backorders = List.of();
    Optional<PositionAvailability> view = Optional.empty();
    int limit = 1_000;

    final SupplierId supplier = new SupplierId("s-1");
    final BackorderSweeps.OfStock stock = new BackorderSweeps.OfStock(StockPositionId.of(supplier, "main", "S-1"),
            supplier, "S-1");

    @BeforeEach
    @SuppressWarnings("unchecked")
    void fakeTheReadSideAndTheCommandBus() {
        when(queries.query(any(FindWaitingBackordersQuery.class), any(ResponseType.class))).thenAnswer(call -> {
            FindWaitingBackordersQuery query = call.getArgument(0);
            asked.add(query);
            var after = query.after();
            return CompletableFuture.completedFuture(backorders.stream()
                    .filter(b -> after == null || order(b).compareTo(order(after)) > 0)
                    .sorted(Comparator.comparing(BackorderSweepsTest::order)).limit(query.limit()).toList());
        });
        when(queries.query(any(FindPositionAvailabilityQuery.class), any(ResponseType.class)))
                .thenAnswer(call -> CompletableFuture.completedFuture(view));
        doAnswer(call -> {
            RouteOrderCommand command = call.getArgument(0);
            routed.add(command.orderId().value());
            // every routed order takes one unit from the position, as its reservation would
            view = view.map(v -> new PositionAvailability(v.available() - 1, v.available() - 1, v.lastSequence() + 1));
            return null;
        }).when(commands).sendAndWait(any(RouteOrderCommand.class));
    }

    BackorderSweeps started() {
        var sweeps = new BackorderSweeps(commands, queries, clock, NodeRoles.all(), DELAY, limit, timer);
        sweeps.start();
        return sweeps;
    }

    @Test
    void everythingIsSweptAtStartUpAfterTheQuietPeriod() {
        backorders = waiting(3);
        started();

        timer.advance(DELAY.minusMillis(1));
        assertThat(routed).isEmpty();
        timer.advance(Duration.ofMillis(1));

        assertThat(asked).singleElement().isEqualTo(new FindWaitingBackordersQuery(null, null, null, null, 100));
        assertThat(routed).containsExactly("o-0", "o-1", "o-2");
    }

    @Test
    void aBurstOfCausesIsOneSweepPerScopeInTheOrderAsked() {
        var sweeps = started();
        timer.advance(DELAY);
        asked.clear();

        view = Optional.of(new PositionAvailability(5, 5, 99));
        for (int i = 0; i < 100; i++) {
            sweeps.request(new BackorderSweeps.OfSupplier(supplier), "circuit");
            sweeps.stockReported(stock, i);
            sweeps.request(new BackorderSweeps.OfRetailer(new RetailerId("r-1")), "policy");
        }
        timer.advance(DELAY);

        assertThat(asked).containsExactly(new FindWaitingBackordersQuery(null, supplier, null, null, 100),
                new FindWaitingBackordersQuery(null, supplier, "S-1", null, 100),
                new FindWaitingBackordersQuery(new RetailerId("r-1"), null, null, null, 100));
        timer.advance(Duration.ofMinutes(1));
        assertThat(asked).hasSize(3);
    }

    @Test
    void aSweepOfEverythingAbsorbsTheOthers() {
        var sweeps = started();
        timer.advance(DELAY);
        asked.clear();

        sweeps.request(new BackorderSweeps.OfSupplier(supplier), "circuit");
        sweeps.request(BackorderSweeps.Scope.EVERYTHING, "directory reset");
        sweeps.stockReported(stock, 7);
        sweeps.request(new BackorderSweeps.OfRetailer(new RetailerId("r-1")), "policy");
        timer.advance(DELAY);

        assertThat(asked).singleElement().isEqualTo(new FindWaitingBackordersQuery(null, null, null, null, 100));
    }

    @Test
    void aSweepRoutesAtMostTheLimitOldestFirstPageByPage() {
        backorders = waiting(250);
        limit = 150;
        started();

        timer.advance(DELAY);

        assertThat(routed).hasSize(150).startsWith("o-0", "o-1").endsWith("o-149");
        assertThat(asked).extracting(FindWaitingBackordersQuery::limit).containsExactly(100, 50);
        assertThat(asked.get(1).after()).isEqualTo(backorders.get(99));
    }

    @Test
    void aStockSweepWaitsWithoutBlockingUntilTheStockViewShowsTheReport() {
        var sweeps = started();
        timer.advance(DELAY);
        asked.clear();
        backorders = waiting(2);
        view = Optional.of(new PositionAvailability(0, 0, 6));

        sweeps.stockReported(stock, 7);
        timer.advance(DELAY);
        assertThat(asked).isEmpty();
        assertThat(timer.pending()).isEqualTo(2); // the next look at the view, and midnight

        view = Optional.of(new PositionAvailability(1, 1, 7));
        timer.advance(BackorderSweeps.VIEW_RETRY);

        // one unit available: the first order takes it, and the second is not routed in vain
        assertThat(routed).containsExactly("o-0");
    }

    @Test
    void aStockSweepGoesAheadWhenTheStockViewLagsTooLong() {
        var sweeps = started();
        timer.advance(DELAY);
        backorders = waiting(1);
        view = Optional.of(new PositionAvailability(0, 0, 3));

        sweeps.stockReported(stock, 7);
        timer.advance(DELAY.plus(BackorderSweeps.VIEW_WAIT).minus(BackorderSweeps.VIEW_RETRY));
        assertThat(routed).isEmpty();
        timer.advance(BackorderSweeps.VIEW_RETRY);

        assertThat(routed).containsExactly("o-0");
    }

    @Test
    void aStockSweepIsSkippedWhenTheCaughtUpViewShowsNothingAvailable() {
        var sweeps = started();
        timer.advance(DELAY);
        asked.clear();
        backorders = waiting(1);
        view = Optional.of(new PositionAvailability(0, 0, 7));

        sweeps.stockReported(stock, 7);
        timer.advance(Duration.ofSeconds(10));

        assertThat(asked).isEmpty();
        assertThat(routed).isEmpty();
    }

    @Test
    void everythingIsSweptAgainWhenANewUtcDayResetsDailyCapacities() {
        clock.now = Instant.parse("2026-12-06T23:59:00Z");
        started();
        timer.advance(DELAY);
        asked.clear();

        timer.advance(Duration.ofSeconds(59));
        assertThat(asked).isEmpty();
        timer.advance(Duration.ofSeconds(1).plus(DELAY));

        assertThat(asked).singleElement().isEqualTo(new FindWaitingBackordersQuery(null, null, null, null, 100));
        timer.advance(Duration.ofHours(24).plus(DELAY));
        assertThat(asked).hasSize(2);
    }

    @Test
    void aFailedSweepLeavesTheNextOnesToRun() {
        var sweeps = started();
        timer.advance(DELAY);
        backorders = waiting(1);
        when(queries.query(any(FindWaitingBackordersQuery.class), any(ResponseType.class)))
                .thenThrow(new IllegalStateException("read side down"))
                .thenAnswer(call -> CompletableFuture.completedFuture(backorders));

        sweeps.request(new BackorderSweeps.OfSupplier(supplier), "circuit");
        sweeps.request(new BackorderSweeps.OfRetailer(new RetailerId("r-1")), "policy");
        timer.advance(DELAY);

        assertThat(routed).containsExactly("o-0");
    }

    @Test
    void onlyTheSagaRoleSweepsAndNothingIsScheduledAfterStop() {
        assertThat(new BackorderSweeps(commands, queries, clock, NodeRoles.parse("projection"), DELAY, limit, timer)
                .isAutoStartup()).isFalse();

        var sweeps = started();
        sweeps.stop();
        sweeps.request(BackorderSweeps.Scope.EVERYTHING, "too late");
        timer.advance(Duration.ofDays(2));

        assertThat(asked).isEmpty();
        assertThat(timer.stopped).isTrue();
    }

    static List<WaitingBackorder> waiting(int count) {
        var start = Instant.parse("2026-12-01T00:00:00Z");
        return IntStream.range(0, count).mapToObj(i -> new WaitingBackorder(new OrderId("o-" + i),
                new RetailerId("r-1"), start.plusSeconds(i))).toList();
    }

    static String order(WaitingBackorder b) {
        return b.since() + "/" + b.orderId().value();
    }

    static final class FakeClock extends Clock {
        Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Runs what falls due as the test moves the clock on, in the order it falls due, as the sweeps' thread would. */
    final class FakeTimer implements BackorderSweeps.Timer {
        record Task(Instant due, long order, Runnable task) {
        }

        final List<Task> tasks = new ArrayList<>();
        long scheduled;
        boolean stopped;

        @Override
        public void schedule(Runnable task, Duration after) {
            tasks.add(new Task(clock.now.plus(after), scheduled++, task));
        }

        @Override
        public void stop() {
            stopped = true;
            tasks.clear();
        }

        int pending() {
            return tasks.size();
        }

        void advance(Duration by) {
            var until = clock.now.plus(by);
            while (true) {
                var next = tasks.stream().filter(t -> !t.due().isAfter(until))
                        .min(Comparator.comparing(Task::due).thenComparing(Task::order));
                if (next.isEmpty()) {
                    break;
                }
                tasks.remove(next.get());
                clock.now = next.get().due();
                next.get().task().run();
            }
            clock.now = until;
        }
    }
}
