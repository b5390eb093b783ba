package io.orderflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deployment mode 3 for real: a services JVM ({@code --orderflow.roles=services}: PostgreSQL, Kafka, sandbox) and three
 * orderflow nodes, each a JVM of its own. Orders go round-robin through the nodes; one node is SIGKILLed mid-load and
 * started again. Every order must reach its final state, with one supplier order per allocation, nothing oversold,
 * tracking links and live updates answered by every node, each acceptance deadline fired once, and the lost node's
 * segments taken over by the others (and shared again when it is back). Last, a replay asked of one node resets the
 * read model while the other two pause their part, and then runs on all three.
 */
class MultiNodeIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String STOREFRONT_KEY = AppIntegrationTestBase.STOREFRONT_KEY;
    static final Duration START = Duration.ofMinutes(3);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Process> processes = new ArrayList<>();
    Path dir;
    Process services;
    String jdbcUrl;
    int sandboxPort;
    final int[] nodePorts = new int[3];
    final Process[] nodes = new Process[3];

    boolean passed;

    @AfterEach
    void stopAll() throws Exception {
        for (Process node : nodes) {
            if (node != null && node.isAlive()) {
                node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (services != null && services.isAlive()) {
            services.destroy(); // SIGTERM: it stops its PostgreSQL, a process of its own, on the way out
            if (!services.waitFor(60, TimeUnit.SECONDS)) {
                services.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            // the nodes' logs stay in target/ when the test fails
            FileSystemUtils.deleteRecursively(passed ? dir : dir.resolve("data"));
        }
    }

    @Test
    void threeNodesShareTheWorkAndLoseNothingWhenOneIsKilled() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "orderflow-cluster-");
        int postgresPort = freePort();
        int kafkaPort = freePort();
        sandboxPort = freePort();
        for (int i = 0; i < 3; i++) {
            nodePorts[i] = freePort();
        }
        jdbcUrl = "jdbc:postgresql://localhost:" + postgresPort + "/orderflow";
        services = start("services", List.of("--orderflow.roles=services",
                "--orderflow.embedded.data-dir=" + dir.resolve("data"),
                "--orderflow.embedded.postgres-port=" + postgresPort,
                "--orderflow.embedded.kafka-port=" + kafkaPort,
                "--orderflow.sandbox.port=" + sandboxPort,
                // webhooks go to node 1, which stays up (a load balancer would spread them in production)
                "--orderflow.sandbox.webhook-target=http://localhost:" + nodePorts[0],
                "--orderflow.sandbox.time-scale=0.5"), Map.of()); // delivered 4.5 s after the supplier has it
        awaitLog("services", "services running");
        Map<String, String> cluster = Map.of(
                "ORDERFLOW_DB_URL", jdbcUrl,
                "ORDERFLOW_DB_USERNAME", "orderflow",
                "ORDERFLOW_DB_PASSWORD", "orderflow",
                "ORDERFLOW_KAFKA_BOOTSTRAP", "localhost:" + kafkaPort,
                "ORDERFLOW_SANDBOX_URL", "http://localhost:" + sandboxPort,
                "ORDERFLOW_TRACKING_SECRET", "multi-node-test-secret-0123456789",
                // every node unwraps the same customers' data keys
                "ORDERFLOW_KEK", "bXVsdGktbm9kZS10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=");
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            startNode(i, cluster);
        }
        for (int i = 0; i < 3; i++) {
            awaitLog("node" + i, "sandbox suppliers");
        }
        // the first node up claims what it can; the others take their share as it releases segments to them
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> owners().size() == 3 && owners().values().stream().allMatch(count -> count > 5));
        report("all three nodes hold their share of the segments %.1f s after they were started", seconds(started));

        // one supplier never accepts: its allocations wait for their acceptance deadline (20 s), then move on
        neverAccept("lyon-outfitters");

        Map<String, String> expected = new LinkedHashMap<>(); // orderId -> the final status it must reach
        List<String> posters = new ArrayList<>();
        List<String> hoodies = new ArrayList<>();
        int n = 0;
        for (; n < 24; n++) {
            expected.put(place(n % 3, "DE", everyday(n)), "DELIVERED");
        }
        String killed = owner(nodes[2]);
        long killedAt = System.nanoTime();
        nodes[2].destroyForcibly(); // SIGKILL, mid-load: it held saga, dispatch and read-model segments
        for (; n < 36; n++) {
            expected.put(place(n % 2, "DE", everyday(n)), "DELIVERED");
        }
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> !owners().containsKey(killed));
        report("the killed node's segments were taken over %.1f s after SIGKILL", seconds(killedAt));

        long restartedAt = System.nanoTime();
        startNode(2, cluster);
        awaitLog("node2", "sandbox suppliers");
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> owners().size() == 3 && owners().values().stream().allMatch(count -> count > 5));
        report("the restarted node holds its share again %.1f s after it was started", seconds(restartedAt));

        // live updates of an order placed on one node, followed on the two others
        String followed = place(0, "DE", Map.of("MUG-LOGO", 1));
        expected.put(followed, "DELIVERED");
        String token = trackingToken(0, followed);
        var onNode2 = CompletableFuture.supplyAsync(() -> stream(1, token));
        var onNode3 = CompletableFuture.supplyAsync(() -> stream(2, token));

        for (int i = 0; i < 8; i++) { // five in stock, at one location of one supplier
            posters.add(place(i % 3, "NL", Map.of("POSTER-LIMITED", 1)));
        }
        for (int i = 0; i < 3; i++) { // only lyon-outfitters ships hoodies to France
            hoodies.add(place(i % 3, "FR", Map.of("HOODIE-GREY-L", 1)));
        }
        for (; n < 48; n++) {
            expected.put(place(n % 3, "DE", everyday(n)), "DELIVERED");
        }

        // every order reaches its final state
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, String> now = statuses(expected.keySet());
            assertThat(now).isEqualTo(expected);
            assertThat(statuses(posters).values()).containsOnly("DELIVERED", "BACKORDERED")
                    .filteredOn("DELIVERED"::equals).hasSize(5);
            assertThat(statuses(hoodies).values()).containsOnly("BACKORDERED");
        });

        // the live updates, on both other nodes, went up to delivery
        for (var updates : List.of(onNode2.get(90, TimeUnit.SECONDS), onNode3.get(90, TimeUnit.SECONDS))) {
            assertThat(updates).as("pages pushed while the order moved on").hasSizeGreaterThan(1);
            assertThat(updates).last().asString().contains("\"status\":\"DELIVERED\"");
        }
        // the tracking link answers on every node
        for (int node = 0; node < 3; node++) {
            var page = get(node, "/api/v1/tracking/" + token, null);
            assertThat(page.statusCode()).as("tracking page on node %d", node).isEqualTo(200);
            assertThat(page.body()).contains("DELIVERED");
        }

        try (Connection db = DriverManager.getConnection(jdbcUrl, "orderflow", "orderflow")) {
            // one supplier order per allocation
            assertThat(rows(db, """
                    SELECT reference FROM sandbox.supplier_order GROUP BY reference HAVING count(*) > 1""")).isEmpty();
            int allocations = 0;
            for (String order : concat(expected.keySet(), posters, hoodies)) {
                allocations += view(0, order).path("allocations").size();
            }
            assertThat(rows(db, "SELECT id FROM sandbox.supplier_order")).hasSize(allocations);
            // nothing oversold: five posters were in stock, five went to the supplier
            assertThat(rows(db, """
                    SELECT o.id FROM sandbox.supplier_order o, jsonb_array_elements(o.lines) l
                    WHERE l->>'supplierSku' = 'R3-POSTER-LTD'""")).hasSize(5);
            // each hoodie's acceptance deadline fired once: one time-out per allocation, none twice
            var timeOuts = rows(db, """
                    SELECT convert_from(payload, 'UTF8')::jsonb->'allocationId'->>'value' FROM domainevententry
                    WHERE payloadtype LIKE '%SupplierOrderTimedOutEvent'""");
            assertThat(timeOuts).hasSizeGreaterThanOrEqualTo(hoodies.size()).doesNotHaveDuplicates();
        }

        // a replay asked of one node: the others pause their part while it resets, then the replay runs on all three
        Map<String, String> viewsBefore = new LinkedHashMap<>();
        for (String order : expected.keySet()) {
            viewsBefore.put(order, view(0, order).path("status").asString());
        }
        long replayAt = System.nanoTime();
        var replayStarted = send(1, "POST", "/api/v1/audit/replays", "{\"readModel\":\"order-view\"}");
        assertThat(replayStarted.statusCode()).as(replayStarted.body()).isEqualTo(202);
        report("order-view reset with the other nodes paused: answered in %.1f s", seconds(replayAt));
        String replayId = JSON.readTree(replayStarted.body()).path("replayId").asString();
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() ->
                JSON.readTree(send(2, "GET", "/api/v1/audit/replays/" + replayId, null).body())
                        .path("status").asString().equals("COMPLETED"));
        report("order-view replayed over three nodes in %.1f s", seconds(replayAt));
        assertThat(statuses(expected.keySet())).isEqualTo(viewsBefore);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                owners("order-view").size() == 3);
        passed = true;
    }

    private HttpResponse<String> send(int node, String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(60))
                .header("X-Api-Key", AppIntegrationTestBase.PLATFORM_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the cluster ----

    private Process start(String name, List<String> args, Map<String, String> environment) throws IOException {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), OrderflowApplication.class.getName()));
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void startNode(int i, Map<String, String> cluster) throws IOException {
        Files.deleteIfExists(dir.resolve("node" + i + ".log"));
        nodes[i] = start("node" + i, List.of("--server.port=" + nodePorts[i],
                // longer than a killed node's Kafka partitions and segments take to move (10 s): an acceptance
                // webhook held up by the move must not come after the deadline
                "--orderflow.sandbox.acceptance-sla=PT20S"), cluster);
    }

    private void awaitLog(String name, String line) {
        Path log = dir.resolve(name + ".log");
        Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(log) && Files.readString(log).contains(line));
    }

    /** Segments held per node (token owner), over every processor. */
    private Map<String, Integer> owners() throws SQLException {
        return owners("%");
    }

    /** Segments held per node (token owner) of the processors whose name is like the pattern. */
    private Map<String, Integer> owners(String processors) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "orderflow", "orderflow");
             var statement = db.prepareStatement("""
                     SELECT owner, count(*) FROM tokenentry WHERE owner IS NOT NULL AND processorname LIKE ?
                     GROUP BY owner""")) {
            statement.setString(1, processors);
            var rows = statement.executeQuery();
            Map<String, Integer> owners = new HashMap<>();
            while (rows.next()) {
                owners.put(rows.getString(1), rows.getInt(2));
            }
            return owners;
        }
    }

    /** A node's name in the token claims: pid@host, as Axon names an owner. */
    private static String owner(Process node) throws IOException {
        return node.pid() + "@" + java.net.InetAddress.getLocalHost().getHostName();
    }

    private void neverAccept(String supplierId) throws Exception {
        var profileUri = URI.create("http://localhost:" + sandboxPort + "/control/" + supplierId + "/profile");
        var profile = (ObjectNode) JSON.readTree(http.send(HttpRequest.newBuilder(profileUri).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        profile.put("acceptAfter", "PT1H");
        var put = http.send(HttpRequest.newBuilder(profileUri).PUT(HttpRequest.BodyPublishers.ofString(profile.toString()))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    }

    // ---- orders ----

    private static Map<String, Integer> everyday(int n) {
        return Map.of(List.of("TSHIRT-BLACK-M", "MUG-LOGO", "SOCKS-3PACK").get(n % 3), 1);
    }

    private String place(int node, String country, Map<String, Integer> skus) throws Exception {
        var body = AppIntegrationTestBase.orderBody("cluster-" + UUID.randomUUID(), country, skus);
        var request = HttpRequest.newBuilder(uri(node, "/api/v1/orders"))
                .header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("placed on node %d: %s", node, response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("orderId").asString();
    }

    private JsonNode view(int node, String orderId) throws Exception {
        var response = get(node, "/api/v1/orders/" + orderId, STOREFRONT_KEY);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    /** Each order's status, asked of the nodes in turn. */
    private Map<String, String> statuses(Iterable<String> orderIds) throws Exception {
        Map<String, String> statuses = new LinkedHashMap<>();
        int node = 0;
        for (String orderId : orderIds) {
            statuses.put(orderId, view(node++ % 3, orderId).path("status").asString("unknown"));
        }
        return statuses;
    }

    private String trackingToken(int node, String orderId) throws Exception {
        var url = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            url[0] = view(node, orderId).path("trackingUrl").asString("");
            return !url[0].isEmpty();
        });
        return url[0].substring(url[0].lastIndexOf('/') + 1);
    }

    /** The data lines of a tracking stream, read until the node ends it (the order is final). */
    private List<String> stream(int node, String token) {
        try {
            var request = HttpRequest.newBuilder(uri(node, "/api/v1/tracking/" + token + "/stream"))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofLines()).body()
                    .filter(line -> line.startsWith("data:")).toList();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("tracking stream on node " + node, e);
        }
    }

    private HttpResponse<String> get(int node, String path, String key) throws Exception {
        var request = HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(int node, String path) {
        return URI.create("http://localhost:" + nodePorts[node] + path);
    }

    // ---- helpers ----

    private static List<String> rows(Connection db, String sql) throws SQLException {
        try (var rows = db.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    @SafeVarargs
    private static List<String> concat(Iterable<String>... parts) {
        List<String> all = new ArrayList<>();
        for (var part : parts) {
            part.forEach(all::add);
        }
        return all;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("[MultiNodeIT] " + String.format(format, args));
    }

    /** Ports handed out so far: each is closed again at once, so the system may hand the same one out twice. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A free port, never one handed out before in this JVM: the cluster's ports are all picked before anything
     * listens on them, and one CI run picked the database's port again for a node, which then could not start.
     */
    static int freePort() throws IOException {
        while (true) {
            try (var socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
