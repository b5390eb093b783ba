package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.Policy.Weights;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.LYON;
import static io.orderflow.command.routing.engine.Fixtures.MARSEILLE;
import static io.orderflow.command.routing.engine.Fixtures.NEAR_PARIS;
import static io.orderflow.command.routing.engine.Fixtures.allocations;
import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.order;
import static io.orderflow.command.routing.engine.Fixtures.stocked;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest {

    @Test
    void canBreakATieBySupplierId() {
        var decision = order(line("L1", "A", 1)).routedTo(stocked("b", NEAR_PARIS, "A"), stocked("a", NEAR_PARIS, "A"));

        assertThat(allocations(decision)).containsExactly("a@w1: L1");
    }

    @Test
    void canBreakATieByLocationIdWithinASupplier() {
        var twoTwins = supplier("s").at("w2", NEAR_PARIS).sells("A").stock("A", 9).at("w1", NEAR_PARIS).stock("A", 9);

        var decision = order(line("L1", "A", 1)).routedTo(twoTwins);

        assertThat(allocations(decision)).containsExactly("s@w1: L1");
    }

    @Test
    void canDecideTheSameEveryRun() {
        var input = generated(new Random(7)).against(generatedSuppliers());
        var engine = new RoutingEngine();

        var first = engine.route(input);

        for (int run = 0; run < 20; run++) {
            assertThat(engine.route(input)).isEqualTo(first);
        }
    }

    @Test
    void canDecideTheSameWhateverTheOrderOfSuppliersAndLocations() {
        var order = generated(new Random(7));
        var suppliers = generatedSuppliers();
        var expected = new RoutingEngine().route(order.against(suppliers));
        var shuffle = new Random(42);

        for (int run = 0; run < 20; run++) {
            var shuffled = suppliers.clone();
            Collections.shuffle(java.util.Arrays.asList(shuffled), shuffle);
            for (var supplier : shuffled) {
                var locations = new ArrayList<>(supplier.locations.entrySet());
                Collections.shuffle(locations, shuffle);
                supplier.locations.clear();
                locations.forEach(e -> supplier.locations.put(e.getKey(), e.getValue()));
            }

            assertThat(new RoutingEngine().route(order.against(shuffled))).isEqualTo(expected);
        }
    }

    @Test
    void canAssignTheSameSourcesWhateverTheOrderOfLines() {
        var order = generated(new Random(7));
        var suppliers = generatedSuppliers();
        var expected = assignment(new RoutingEngine().route(order.against(suppliers)));
        var shuffle = new Random(42);

        for (int run = 0; run < 20; run++) {
            var lines = new ArrayList<>(order.lines);
            Collections.shuffle(lines, shuffle);
            order.lines = lines;

            assertThat(assignment(new RoutingEngine().route(order.against(suppliers)))).isEqualTo(expected);
        }
    }

    @Test
    void canDrawStockSharedByTwoLinesInLineIdOrderWhateverTheOrderOfLines() {
        var shared = supplier("s").at("w1", NEAR_PARIS).sells("SINGLE").stock("SINGLE", 6);
        shared.catalog.put(new Sku("PACK"),
                new CatalogItem(new Sku("PACK"), shared.supplierSku("SINGLE"), "v", 6, Fixtures.eur("10.00")));

        var decision = order(line("L2", "PACK", 1), line("L1", "SINGLE", 4)).routedTo(shared);

        assertThat(allocations(decision)).containsExactly("s@w1: L1");
    }

    private static Map<String, String> assignment(RoutingDecision decision) {
        var bySource = new TreeMap<String, String>();
        decision.allocations().forEach(a -> a.lines().forEach(l -> bySource.put(l.lineId(), a.source().toString())));
        decision.unroutable().forEach(u -> bySource.put(u.lineId(), "unroutable: " + u.reason()));
        return bySource;
    }

    /** Ten lines over twenty SKUs, split allowed up to three suppliers. */
    private static Fixtures.Order generated(Random random) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            lines.add(line("L" + i, "SKU-" + random.nextInt(20), 1 + random.nextInt(3)));
        }
        return new Fixtures.Order(lines).maxSuppliers(3).weights(new Weights(2, 3, 1, 1, 1, 0.5));
    }

    /** Thirty suppliers, several of them identical twins so that ties must be broken. */
    private static Fixtures.SupplierFixture[] generatedSuppliers() {
        double[][] places = {NEAR_PARIS, LYON, MARSEILLE};
        var suppliers = new Fixtures.SupplierFixture[30];
        for (int s = 0; s < suppliers.length; s++) {
            var profile = new Random(s % 10); // suppliers s, s+10 and s+20 are twins apart from their id
            var supplier = supplier(String.format("sup-%02d", s)).rank(1 + profile.nextInt(3))
                    .handlingDays(1 + profile.nextInt(3));
            for (int l = 1; l <= 2; l++) {
                supplier.at("loc-" + l, places[profile.nextInt(places.length)]);
                for (int k = 0; k < 20; k++) {
                    if (profile.nextInt(3) == 0) {
                        supplier.sells("SKU-" + k).stock("SKU-" + k, profile.nextInt(6));
                    }
                }
            }
            suppliers[s] = supplier;
        }
        return suppliers;
    }
}
