package io.orderflow.bench.load;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the orders look like and what the system needs before they come: stock and daily capacity for every order of
 * the run, set through the public admin API (orderflow's side) and the sandbox's control API (the supplier's side).
 */
abstract class Scenario {

    static final int STOCK = 100_000_000;
    static final int CAPACITY = 1_000_000;

    final URI base;
    final URI sandbox;

    Scenario(URI base, URI sandbox) {
        this.base = base;
        this.sandbox = sandbox;
    }

    static Scenario of(String name, URI base, URI sandbox) {
        return switch (name) {
            case "flash-sale" -> new FlashSale(base, sandbox);
            case "catalog" -> new Catalog(base, sandbox);
            case "shopify" -> new Shopify(base, sandbox);
            default -> throw new IllegalArgumentException(name);
        };
    }

    abstract void prepare();

    /** The body of the n-th order of the run. */
    abstract String order(String externalOrderId, SplittableRandom random);

    /** Raises a registered supplier's daily capacity, keeping every other setting (and its secrets). */
    void raiseCapacity(String supplierId) {
        JsonNode current = Http.call("GET", base.resolve("/api/v1/suppliers/" + supplierId), Http.ADMIN_KEY, null);
        var update = Http.JSON.createObjectNode();
        for (String field : List.of("name", "connector", "locations", "shipsTo", "handlingDays", "acceptanceSlaMinutes",
                "priority", "active")) {
            update.set(field, current.get(field));
        }
        update.put("dailyCapacity", CAPACITY);
        Http.call("PUT", base.resolve("/api/v1/suppliers/" + supplierId), Http.ADMIN_KEY, update);
    }

    /** The same level on both sides: orderflow's stock position and the sandbox's own stock. */
    void stock(String supplierId, String locationId, List<String> supplierSkus) {
        var asOf = Instant.now().toString();
        var report = new ArrayList<Map<String, Object>>();
        var sandboxLevels = new ArrayList<Map<String, Object>>();
        for (String sku : supplierSkus) {
            report.add(Map.of("supplierSku", sku, "locationId", locationId, "available", STOCK, "asOf", asOf));
            sandboxLevels.add(Map.of("supplierSku", sku, "locationId", locationId, "available", STOCK));
        }
        Http.call("PUT", sandbox.resolve("/control/" + supplierId + "/stock"), null, Map.of("levels", sandboxLevels));
        // the stock endpoint checks the supplier against the supplier read model, which follows a registration
        // within moments: until then it answers 404
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                Http.call("POST", base.resolve("/api/v1/suppliers/" + supplierId + "/stock"), Http.ADMIN_KEY,
                        Map.of("levels", report));
                return;
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("answered 404") || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    /** The inventory read model follows the reports within moments; routing reads it. */
    void awaitAvailable(String sku, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rows = Http.call("GET", base.resolve("/api/v1/inventory?sku=" + sku), Http.ADMIN_KEY, null);
            for (JsonNode row : rows) {
                if (row.path("available").asLong() >= atLeast) {
                    return;
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("the inventory read model never showed " + atLeast + " of " + sku);
    }

    static String body(String externalOrderId, Destination to, List<Line> lines) {
        var order = new LinkedHashMap<String, Object>();
        order.put("externalOrderId", externalOrderId);
        order.put("currency", "EUR");
        order.put("customer", Map.of("name", "Load Test", "email", "load@example.org"));
        var shipTo = new LinkedHashMap<String, Object>();
        shipTo.put("name", "Load Test");
        shipTo.put("line1", "Teststrasse 1");
        shipTo.put("city", to.city());
        shipTo.put("postalCode", to.postalCode());
        shipTo.put("country", to.country());
        shipTo.put("latitude", to.latitude());
        shipTo.put("longitude", to.longitude());
        order.put("shipTo", shipTo);
        var bodyLines = new ArrayList<Map<String, Object>>();
        int n = 0;
        for (Line line : lines) {
            bodyLines.add(Map.of("lineId", "L" + (++n), "sku", line.sku(), "quantity", line.quantity(),
                    "unitPrice", 9.90));
        }
        order.put("lines", bodyLines);
        return Http.JSON.writeValueAsString(order);
    }

    record Destination(String city, String postalCode, String country, double latitude, double longitude) {
    }

    record Line(String sku, int quantity) {
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every order is one line of the same SKU, which one supplier location holds: the hot stock position. */
    static final class FlashSale extends Scenario {

        private static final Destination BERLIN = new Destination("Berlin", "10115", "DE", 52.52, 13.40);

        FlashSale(URI base, URI sandbox) {
            super(base, sandbox);
        }

        @Override
        void prepare() {
            raiseCapacity("rotterdam-3pl");
            stock("rotterdam-3pl", "rotterdam", List.of("R3-POSTER-LTD"));
            awaitAvailable("POSTER-LIMITED", STOCK / 2);
        }

        @Override
        String order(String externalOrderId, SplittableRandom random) {
            return body(externalOrderId, BERLIN, List.of(new Line("POSTER-LIMITED", 1)));
        }
    }

    /**
     * 1 to 5 lines over 240 SKUs in three groups of 80 (A, B, C), six suppliers: three sell two groups each (A+B,
     * B+C, A+C), three sell one. An order whose lines fall in all three groups needs two suppliers (a split, which the
     * demo policy allows); every order can be served.
     */
    static final class Catalog extends Scenario {

        static final int SKUS = 240;
        private static final List<Destination> DESTINATIONS = List.of(
                new Destination("Berlin", "10115", "DE", 52.52, 13.40),
                new Destination("Paris", "75001", "FR", 48.857, 2.352),
                new Destination("Amsterdam", "1011", "NL", 52.37, 4.90),
                new Destination("Wien", "1010", "AT", 48.208, 16.372),
                new Destination("Bruxelles", "1000", "BE", 50.85, 4.35),
                new Destination("Koeln", "50667", "DE", 50.94, 6.96));
        private static final List<double[]> LOCATIONS = List.of(
                new double[] {53.55, 9.99}, new double[] {48.14, 11.58}, new double[] {48.86, 2.35},
                new double[] {52.37, 4.90}, new double[] {48.21, 16.37}, new double[] {50.85, 4.35});
        private static final List<String> COUNTRIES = List.of("DE", "DE", "FR", "NL", "AT", "BE");
        /** Which of the groups A (0), B (1), C (2) each bench supplier sells. */
        private static final List<List<Integer>> GROUPS = List.of(List.of(0, 1), List.of(1, 2), List.of(0, 2),
                List.of(0), List.of(1), List.of(2));

        Catalog(URI base, URI sandbox) {
            super(base, sandbox);
        }

        static String sku(int i) {
            return "BENCH-%03d".formatted(i);
        }

        @Override
        void prepare() {
            for (int k = 0; k < ServiceUnderTest.BENCH_SUPPLIERS.size(); k++) {
                String id = ServiceUnderTest.BENCH_SUPPLIERS.get(k);
                ObjectNode supplier = Http.JSON.createObjectNode();
                supplier.put("name", "Bench supplier " + (k + 1));
                supplier.set("connector", Http.JSON.valueToTree(Map.of("type", "PARTNER_REST",
                        "baseUrl", sandbox.resolve("/partner/" + id).toString())));
                supplier.set("webhookSecrets", Http.JSON.valueToTree(List.of("sandbox-webhook-" + id)));
                supplier.put("apiSecret", "sandbox-api-" + id);
                supplier.set("locations", Http.JSON.valueToTree(List.of(Map.of("locationId", "wh-" + (k + 1),
                        "latitude", LOCATIONS.get(k)[0], "longitude", LOCATIONS.get(k)[1],
                        "country", COUNTRIES.get(k)))));
                supplier.set("shipsTo", Http.JSON.valueToTree(List.of("DE", "FR", "NL", "AT", "BE")));
                supplier.put("handlingDays", 1 + k % 3);
                supplier.put("acceptanceSlaMinutes", 30);
                supplier.put("dailyCapacity", CAPACITY);
                supplier.put("priority", k + 1);
                supplier.put("active", true);
                Http.call("PUT", base.resolve("/api/v1/suppliers/" + id), Http.ADMIN_KEY, supplier);
                var items = new ArrayList<Map<String, Object>>();
                var supplierSkus = new ArrayList<String>();
                for (int i = 0; i < SKUS; i++) {
                    if (GROUPS.get(k).contains(i % 3)) {
                        String supplierSku = id.toUpperCase() + "-" + i;
                        supplierSkus.add(supplierSku);
                        items.add(Map.of("sku", sku(i), "supplierSku", supplierSku, "unitsPerItem", 1,
                                "unitCost", 2.0 + (i * 7 + k * 13) % 50 / 10.0, "currency", "EUR"));
                    }
                }
                Http.call("PUT", base.resolve("/api/v1/suppliers/" + id + "/catalog"), Http.ADMIN_KEY,
                        Map.of("items", items));
                stock(id, "wh-" + (k + 1), supplierSkus);
            }
            awaitAvailable(sku(SKUS - 1), STOCK / 2);
        }

        @Override
        String order(String externalOrderId, SplittableRandom random) {
            int count = 1 + random.nextInt(5);
            var lines = new ArrayList<Line>();
            var used = new java.util.HashSet<Integer>();
            while (lines.size() < count) {
                int i = random.nextInt(SKUS);
                if (used.add(i)) {
                    lines.add(new Line(sku(i), 1 + random.nextInt(3)));
                }
            }
            return body(externalOrderId, DESTINATIONS.get(random.nextInt(DESTINATIONS.size())), lines);
        }
    }

    /** Orders for the simulated Shopify store amsterdam-shop, its cost bucket raised so that it never throttles. */
    static final class Shopify extends Scenario {

        private static final Destination AMSTERDAM = new Destination("Amsterdam", "1011", "NL", 52.37, 4.90);

        Shopify(URI base, URI sandbox) {
            super(base, sandbox);
        }

        @Override
        void prepare() {
            raiseCapacity("amsterdam-shop");
            stock("amsterdam-shop", "amsterdam", List.of("AS-CAP-OR", "AS-TOTE"));
            Http.call("PUT", sandbox.resolve("/control/amsterdam-shop/throttle"), null,
                    Map.of("maximumAvailable", 1.0e9, "restoreRate", 1.0e8, "currentlyAvailable", 1.0e9));
            awaitAvailable("CAP-ORANGE", STOCK / 2);
        }

        @Override
        String order(String externalOrderId, SplittableRandom random) {
            var lines = new ArrayList<Line>();
            lines.add(new Line("CAP-ORANGE", 1 + random.nextInt(2)));
            if (random.nextBoolean()) {
                lines.add(new Line("TOTE-CANVAS", 1));
            }
            return body(externalOrderId, AMSTERDAM, lines);
        }
    }
}
