package io.orderflow.sandbox;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.orderflow.sandbox.control.ControlApi;
import io.orderflow.sandbox.db.Transactions;
import io.orderflow.sandbox.http.Exchanges;
import io.orderflow.sandbox.http.MutualTlsListener;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.http.ProblemHandler;
import io.orderflow.sandbox.orders.OrderLifecycle;
import io.orderflow.sandbox.orders.ShipmentScript;
import io.orderflow.sandbox.orders.SupplierOrders;
import io.orderflow.sandbox.partner.PartnerApi;
import io.orderflow.sandbox.shopify.RetailerStores;
import io.orderflow.sandbox.shopify.ShopifyApi;
import io.orderflow.sandbox.stock.StockLevels;
import io.orderflow.sandbox.suppliers.SupplierRegistry;
import io.orderflow.sandbox.webhooks.WebhookSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
  * A drop-ship supplier simulator: serves the partner REST API and the Shopify GraphQL Admin API subset orderflow uses,
  * and sends signed webhooks back to orderflow, over plain HTTP and, when asked, over mutual TLS too. All state
  * lives in the {@code sandbox} schema, so a restarted sandbox finishes the orders it had in flight.
  */
public final class SupplierSandbox implements AutoCloseable {

    public static final String SCHEMA = "sandbox";

    private final HttpServer server;
    private final Map<String, HttpHandler> routes;
    private final ExecutorService requestExecutor;
    private final WebhookSender webhookSender;
    private final URI baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile HttpsServer mutualTlsServer;
    private volatile URI mutualTlsBaseUrl;

    private SupplierSandbox(HttpServer server, Map<String, HttpHandler> routes, ExecutorService requestExecutor,
            WebhookSender webhookSender, URI baseUrl) {
        this.server = server;
        this.routes = routes;
        this.requestExecutor = requestExecutor;
        this.webhookSender = webhookSender;
        this.baseUrl = baseUrl;
    }

    public static SupplierSandbox start(SandboxConfig config, DataSource dataSource) {
        migrate(dataSource);
        var transactions = new Transactions(dataSource);
        var suppliers = new SupplierRegistry(config.suppliers());
        var stock = new StockLevels(transactions);
        Instant now = Instant.now();
        config.suppliers().forEach(supplier -> stock.seedIfAbsent(supplier.supplierId(), supplier.stock(), now));
        var orders = new SupplierOrders(transactions);

        var webhookSender = new WebhookSender(transactions, suppliers, new OrderLifecycle(transactions, suppliers),
                config.webhookTarget());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("supplier sandbox cannot listen on port " + config.port(), e);
        }
        // platform threads, as a supplier's own servers are: embedded beside orderflow, requests on virtual threads
        // shared the JVM's few carriers with orderflow's own virtual threads, and under load the sandbox answered
        // submissions seconds late, making itself the bottleneck it must never be
        ExecutorService requestExecutor = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("supplier-sandbox-http-", 0).factory());
        server.setExecutor(requestExecutor);
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put(PartnerApi.CONTEXT, new ProblemHandler(new PartnerApi(suppliers, orders, stock, webhookSender::wake)));
        var retailerStores = new RetailerStores();
        routes.put(ShopifyApi.CONTEXT, new ProblemHandler(new ShopifyApi(suppliers, orders, stock, webhookSender::wake,
                retailerStores)));
        routes.put(ControlApi.CONTEXT, new ProblemHandler(new ControlApi(suppliers, orders, stock,
                new ShipmentScript(transactions), webhookSender::wake, retailerStores)));
        routes.put("/", new ProblemHandler(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/health")) {
                Exchanges.json(exchange, 200, Map.of("status", "UP"));
            } else {
                throw Problem.notFound("no such endpoint " + exchange.getRequestURI().getPath());
            }
        }));
        routes.forEach(server::createContext);
        webhookSender.start();
        server.start();
        var sandbox = new SupplierSandbox(server, Map.copyOf(routes), requestExecutor, webhookSender,
                URI.create("http://localhost:" + server.getAddress().getPort()));
        if (config.mutualTls() != null) {
            try {
                sandbox.serveMutualTls(config.mutualTls());
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
        }
        return sandbox;
    }

    /**
     * Serves the same suppliers (partner, Shopify and control APIs) on a second port over HTTPS, to clients presenting
     * a certificate the given CA issued, as a partner requiring mutual TLS does; the plain listener is unchanged.
     * Answers the listener's base URL, {@code https://localhost:{port}}.
     */
    public synchronized URI serveMutualTls(SandboxConfig.MutualTls tls) {
        if (mutualTlsServer != null) {
            throw new IllegalStateException("the sandbox already serves mutual TLS at " + mutualTlsBaseUrl);
        }
        HttpsServer https = MutualTlsListener.create(tls.port(), tls.certificatePem(), tls.privateKeyPem(),
                tls.clientCaPem());
        https.setExecutor(requestExecutor);
        routes.forEach(https::createContext);
        https.start();
        mutualTlsServer = https;
        mutualTlsBaseUrl = URI.create("https://localhost:" + https.getAddress().getPort());
        return mutualTlsBaseUrl;
    }

    /** The mutual TLS listener's base URL, when it serves one. */
    public Optional<URI> mutualTlsBaseUrl() {
        return Optional.ofNullable(mutualTlsBaseUrl);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public URI partnerBaseUrl(String supplierId) {
        return partnerBaseUrl(baseUrl, supplierId);
    }

    /** A simulated partner's base URL in the sandbox at {@code sandboxUrl} (one started by another process). */
    public static URI partnerBaseUrl(URI sandboxUrl, String supplierId) {
        return URI.create(sandboxUrl + PartnerApi.CONTEXT + supplierId);
    }

    /** A simulated Shopify shop's base URL: the Admin API is below it, at {@code /admin/api/{version}/graphql.json}. */
    public URI shopifyBaseUrl(String supplierId) {
        return shopifyBaseUrl(baseUrl, supplierId);
    }

    /** A simulated Shopify shop's base URL in the sandbox at {@code sandboxUrl}. */
    public static URI shopifyBaseUrl(URI sandboxUrl, String supplierId) {
        return URI.create(sandboxUrl + ShopifyApi.CONTEXT + supplierId);
    }

    public URI controlBaseUrl(String supplierId) {
        return URI.create(baseUrl + ControlApi.CONTEXT + supplierId);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            if (mutualTlsServer != null) {
                mutualTlsServer.stop(0);
            }
            webhookSender.close();
            requestExecutor.shutdown();
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure(SupplierSandbox.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .table("flyway_schema_history")
                .locations("classpath:db/sandbox")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
