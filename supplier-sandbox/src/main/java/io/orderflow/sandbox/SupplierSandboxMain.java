package io.orderflow.sandbox;

import io.orderflow.sandbox.suppliers.SimulatedSupplier;
import io.orderflow.sandbox.http.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;

/**
  * {@code --port 8091 --jdbc-url jdbc:postgresql://localhost:5432/orderflow --jdbc-user u --jdbc-password p
  * --webhook-target http://localhost:8080 --suppliers suppliers.json}. The suppliers file holds either a list of
  * suppliers or an object with {@code suppliers} and optionally {@code port} and {@code webhookTarget}. With
  * {@code --mtls-port 8443 --mtls-certificate server.pem --mtls-key server-key.pem --mtls-client-ca client-ca.pem} the
  * same APIs are served over HTTPS too, to clients with a certificate that CA issued.
  */
public final class SupplierSandboxMain {

    private SupplierSandboxMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        SupplierSandbox sandbox = start(args);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "supplier-sandbox-shutdown"));
        stopped.await();
    }

    static SupplierSandbox start(String[] args) throws IOException {
        Map<String, String> options = options(args);
        JsonNode file = Json.MAPPER.readTree(Files.readAllBytes(Path.of(required(options, "suppliers"))));
        JsonNode supplierNodes = file.isArray() ? file : file.path("suppliers");
        List<SimulatedSupplier> suppliers = new ArrayList<>();
        for (JsonNode node : supplierNodes) {
            suppliers.add(Json.MAPPER.treeToValue(node, SimulatedSupplier.class));
        }
        int port = Integer.parseInt(options.getOrDefault("port", file.path("port").asString("8091")));
        URI webhookTarget = URI.create(options.getOrDefault("webhook-target",
                file.path("webhookTarget").asString("http://localhost:8080")));

        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(required(options, "jdbc-url"));
        dataSource.setUser(options.get("jdbc-user"));
        dataSource.setPassword(options.get("jdbc-password"));

        SandboxConfig.MutualTls mutualTls = null;
        if (options.containsKey("mtls-port")) {
            mutualTls = new SandboxConfig.MutualTls(Integer.parseInt(options.get("mtls-port")),
                    Files.readString(Path.of(required(options, "mtls-certificate"))),
                    Files.readString(Path.of(required(options, "mtls-key"))),
                    Files.readString(Path.of(required(options, "mtls-client-ca"))));
        }

        SupplierSandbox sandbox = SupplierSandbox.start(new SandboxConfig(port, webhookTarget, suppliers, mutualTls),
                dataSource);
        System.out.println("supplier sandbox at " + sandbox.baseUrl()
                + sandbox.mutualTlsBaseUrl().map(url -> " and, with client certificates, at " + url).orElse("")
                + " for " + suppliers.stream().map(SimulatedSupplier::supplierId).toList() + ", webhooks to "
                + webhookTarget);
        return sandbox;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
