package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Agreement;
import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.command.routing.engine.CandidateSupplier.Reliability;
import io.orderflow.command.routing.engine.Policy.Weights;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's decisions, explanations included, on a fixed-seed corpus of generated orders, pinned by one digest:
 * a refactoring of the engine must not move a single character or the last bit of a score. The corpus reaches the
 * engine's corners that hand-written cases do not combine: suppliers excluded as a whole, without locations or
 * selling none of the order, agreements on SKUs, regions and channels, packs sharing stock, repeated SKUs, sources
 * that already failed, destinations without coordinates, orders over 64 lines, two currencies, zero weights.
 * <p>
 * A change that is meant to change decisions changes the digest: compare the decisions before and after
 * ({@code -Drouting.decisions.out=FILE} writes them, one per line), then take the new digest.
 */
class DecisionDigestTest {

    static final int WORLDS = 40;
    static final int ORDERS_PER_WORLD = 50;
    static final String DIGEST = "415942dd79316c7f50732d0f21e7e599c8e1c5ea48680417d440fb6d75056345";

    private static final String[] COUNTRIES = {"FR", "DE", "BE"};
    private static final double[][] CENTRES = {{46.6, 2.4}, {51.1, 10.4}, {50.6, 4.6}};
    private static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    private static final int SKUS = 60;

    @Test
    void canDecideEveryGeneratedOrderAsBefore() throws Exception {
        var sha = MessageDigest.getInstance("SHA-256");
        String out = System.getProperty("routing.decisions.out");
        try (Writer file = out == null ? Writer.nullWriter() : Files.newBufferedWriter(Path.of(out))) {
            var engine = new RoutingEngine();
            var random = new Random(16);
            for (int w = 0; w < WORLDS; w++) {
                var suppliers = suppliers(random, w == 0 ? 0 : 5 + random.nextInt(30));
                for (int o = 0; o < ORDERS_PER_WORLD; o++) {
                    String decision = engine.route(order(random, suppliers)).toString() + "\n";
                    sha.update(decision.getBytes(StandardCharsets.UTF_8));
                    file.write(decision);
                }
            }
        }

        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(DIGEST);
    }

    private static List<CandidateSupplier> suppliers(Random random, int count) {
        List<CandidateSupplier> suppliers = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            String currency = random.nextInt(12) == 0 ? "SEK" : "EUR";
            int catalogVersion = 1 + random.nextInt(9);
            double share = random.nextInt(6) == 0 ? 0 : 0.1 + random.nextDouble() * 0.6;
            Map<Sku, CatalogItem> catalog = new HashMap<>();
            for (int k = 0; k < SKUS; k++) {
                if (random.nextDouble() < share) {
                    // every seventh SKU is a pack of 6 of the SKU before it: two lines may draw on one stock
                    boolean pack = k % 7 == 6 && random.nextBoolean();
                    String supplierSku = "S" + s + "-" + (pack ? k - 1 : k);
                    String variant = random.nextBoolean() ? null : "gid://" + s + k;
                    catalog.put(sku(k), new CatalogItem(sku(k), supplierSku, variant,
                            pack ? 6 : 1 + (random.nextInt(8) == 0 ? 1 : 0),
                            new Money(BigDecimal.valueOf(100 + random.nextInt(900), 2), currency)));
                }
            }
            List<Location> locations = new ArrayList<>();
            int locationCount = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
            for (int l = 0; l < locationCount; l++) {
                int c = random.nextInt(COUNTRIES.length);
                Map<String, Integer> atp = new HashMap<>();
                for (CatalogItem item : catalog.values()) {
                    if (random.nextInt(4) != 0) {
                        atp.put(item.supplierSku(), random.nextInt(random.nextBoolean() ? 4 : 30));
                    }
                }
                boolean located = random.nextInt(4) != 0;
                locations.add(new Location("W" + (3 - l), located ? CENTRES[c][0] + random.nextGaussian() : null,
                        located ? CENTRES[c][1] + random.nextGaussian() : null, COUNTRIES[c],
                        COUNTRIES[c] + "-" + random.nextInt(3), atp));
            }
            Set<String> shipsTo = new HashSet<>();
            for (String country : COUNTRIES) {
                if (random.nextInt(8) != 0) {
                    shipsTo.add(country);
                }
            }
            int capacity = 1 + random.nextInt(4);
            int ordersToday = random.nextInt(15) == 0 ? capacity : random.nextInt(capacity);
            var reliability = random.nextInt(5) == 0 ? Reliability.UNKNOWN
                    : new Reliability(random.nextBoolean() ? null : random.nextDouble(), random.nextDouble());
            suppliers.add(new CandidateSupplier(new SupplierId(String.format("SUP-%02d", s)), random.nextInt(15) != 0,
                    random.nextInt(20) == 0, 1 + random.nextInt(4), shipsTo, random.nextInt(4), capacity,
                    ordersToday, reliability, locations, catalog, catalogVersion,
                    random.nextBoolean() ? null : new Money(BigDecimal.valueOf(random.nextInt(300), 2), currency),
                    agreement(random)));
        }
        return suppliers;
    }

    private static Agreement agreement(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> new Agreement(Set.of(sku(random.nextInt(SKUS / 2)), sku(SKUS / 2 + random.nextInt(SKUS / 2))),
                    Set.of(), Set.of());
            case 1 -> new Agreement(Set.of(), Set.of(COUNTRIES[random.nextInt(COUNTRIES.length)]), Set.of());
            case 2 -> new Agreement(Set.of(), Set.of("FR-" + random.nextInt(3)), Set.of("marketplace"));
            default -> Agreement.NONE;
        };
    }

    private static RoutingInput order(Random random, List<CandidateSupplier> suppliers) {
        int lineCount = random.nextInt(20) == 0 ? 65 + random.nextInt(10) : 1 + random.nextInt(8);
        List<OrderLine> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++) {
            lines.add(new OrderLine("L" + random.nextInt(1000) + "-" + i, sku(random.nextInt(SKUS)),
                    1 + random.nextInt(random.nextBoolean() ? 3 : 12), new Money(BigDecimal.TEN, "EUR")));
        }
        int c = random.nextInt(COUNTRIES.length);
        boolean located = random.nextInt(4) != 0;
        String region = random.nextInt(5) == 0 ? null : COUNTRIES[c] + "-" + random.nextInt(3);
        var destination = new Destination(COUNTRIES[c], region, "City",
                located ? CENTRES[c][0] + random.nextGaussian() : null,
                located ? CENTRES[c][1] + random.nextGaussian() : null);
        Set<SourceRef> excluded = new HashSet<>();
        for (int k = random.nextInt(3); k > 0 && !suppliers.isEmpty(); k--) {
            var supplier = suppliers.get(random.nextInt(suppliers.size()));
            if (!supplier.locations().isEmpty()) {
                var location = supplier.locations().get(random.nextInt(supplier.locations().size()));
                excluded.add(new SourceRef(supplier.id(), location.id()));
            }
        }
        var weights = switch (random.nextInt(8)) {
            case 0 -> new Weights(0, 0, 0, 0, 0, 0);
            case 1 -> Weights.equal();
            default -> new Weights(random.nextInt(4), random.nextInt(4), random.nextInt(3), random.nextInt(3),
                    random.nextInt(3), random.nextDouble());
        };
        var policy = new Policy("p" + random.nextInt(3), 1 + random.nextInt(4), 2,
                random.nextBoolean() ? UnroutableAction.BACKORDER : UnroutableAction.HOLD, weights);
        return new RoutingInput(lines, destination, random.nextInt(4) == 0 ? "marketplace" : "web",
                random.nextBoolean() ? TODAY.plusDays(random.nextInt(6)) : null, TODAY, excluded, suppliers, policy);
    }

    private static Sku sku(int k) {
        return new Sku(String.format("SKU-%03d", k));
    }
}
