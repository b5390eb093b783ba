package io.orderflow.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.orderflow.sandbox.control.ControlApi;
import io.orderflow.sandbox.db.Transactions;
import io.orderflow.sandbox.http.Exchanges;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.http.ProblemHandler;
import io.orderflow.sandbox.orders.OrderLifecycle;
import io.orderflow.sandbox.orders.ShipmentScript;
import io.orderflow.sandbox.orders.SupplierOrders;
import io.orderflow.sandbox.partner.PartnerApi;
import io.orderflow.sandbox.shopify.ShopifyApi;
import io.orderflow.sandbox.stock.StockLevels;
import io.orderflow.sandbox.suppliers.SupplierRegistry;
import io.orderflow.sandbox.webhooks.WebhookSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
  * A drop-ship supplier simulator: serves the partner REST API and the Shopify GraphQL Admin API subset orderflow uses,
  * and sends signed webhooks back to orderflow. All state
  * lives in the {@code sandbox} schema, so a restarted sandbox finishes the orders it had in flight.
  */
public final class SupplierSandbox implements AutoCloseable {

    public static final String SCHEMA = "sandbox";

    private final HttpServer server;
    private final ExecutorService requestExecutor;
    private final WebhookSender webhookSender;
    private final URI baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SupplierSandbox(HttpServer server, ExecutorService requestExecutor, WebhookSender webhookSender,
            URI baseUrl) {
        this.server = server;
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
        ExecutorService requestExecutor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(requestExecutor);
        server.createContext(PartnerApi.CONTEXT,
                new ProblemHandler(new PartnerApi(suppliers, orders, stock, webhookSender::wake)));
        server.createContext(ShopifyApi.CONTEXT,
                new ProblemHandler(new ShopifyApi(suppliers, orders, stock, webhookSender::wake)));
        server.createContext(ControlApi.CONTEXT,
                new ProblemHandler(new ControlApi(suppliers, orders, stock, new ShipmentScript(transactions),
                        webhookSender::wake)));
        server.createContext("/", new ProblemHandler(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/health")) {
                Exchanges.json(exchange, 200, Map.of("status", "UP"));
            } else {
                throw Problem.notFound("no such endpoint " + exchange.getRequestURI().getPath());
            }
        }));
        webhookSender.start();
        server.start();
        return new SupplierSandbox(server, requestExecutor, webhookSender,
                URI.create("http://localhost:" + server.getAddress().getPort()));
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
