package io.orderflow.infra.routing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.StockPositionId;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackorderSweepsTest {

    final List<BackorderSweeps.Scope> swept = Collections.synchronizedList(new ArrayList<>());
    final BackorderSweeps sweeps = new BackorderSweeps(null, null, Clock.systemUTC(), io.orderflow.infra.cluster.NodeRoles.all(), Duration.ofMillis(200), 1000) {
        @Override
        int sweep(Scope scope, String cause) {
            swept.add(scope);
            return 0;
        }
    };
    final SupplierId supplier = new SupplierId("s-1");
    final BackorderSweeps.OfStock stock = new BackorderSweeps.OfStock(StockPositionId.of(supplier, "main", "S-1"),
            supplier, "S-1");

    @AfterEach
    void stop() {
        sweeps.stop();
    }

    @Test
    void everythingIsSweptAtStartUp() {
        sweeps.start();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> swept.size() == 1);
        assertThat(swept).containsExactly(BackorderSweeps.Scope.EVERYTHING);
    }

    @Test
    void aBurstOfCausesIsOneSweepPerScope() throws InterruptedException {
        sweeps.start();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> swept.size() == 1);

        for (int i = 0; i < 100; i++) {
            sweeps.request(new BackorderSweeps.OfSupplier(supplier), "circuit");
            sweeps.stockReported(stock, i);
            sweeps.request(new BackorderSweeps.OfRetailer(new RetailerId("r-1")), "policy");
        }

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> swept.size() == 4);
        Thread.sleep(500);
        assertThat(swept.subList(1, swept.size())).containsExactly(new BackorderSweeps.OfSupplier(supplier), stock,
                new BackorderSweeps.OfRetailer(new RetailerId("r-1")));
    }

    @Test
    void aSweepOfEverythingAbsorbsTheOthers() throws InterruptedException {
        sweeps.start();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> swept.size() == 1);

        sweeps.request(new BackorderSweeps.OfSupplier(supplier), "circuit");
        sweeps.request(BackorderSweeps.Scope.EVERYTHING, "directory reset");
        sweeps.stockReported(stock, 7);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> swept.size() == 2);
        Thread.sleep(500);
        assertThat(swept).containsExactly(BackorderSweeps.Scope.EVERYTHING, BackorderSweeps.Scope.EVERYTHING);
    }
}
