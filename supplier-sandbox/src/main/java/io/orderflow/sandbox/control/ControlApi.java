package io.orderflow.sandbox.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.orderflow.sandbox.BehaviourProfile;
import io.orderflow.sandbox.StockLevel;
import io.orderflow.sandbox.http.Exchanges;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.orders.ShipmentScript;
import io.orderflow.sandbox.orders.SupplierOrders;
import io.orderflow.sandbox.stock.StockLevels;
import io.orderflow.sandbox.suppliers.SupplierRegistry;
import io.orderflow.sandbox.suppliers.SupplierRuntime;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Unsigned endpoints for tests and demos, under {@code /control/{supplierId}}. */
public final class ControlApi implements HttpHandler {

    public static final String CONTEXT = "/control/";

    record StockUpdate(List<StockLevel> levels) {}

    private final SupplierRegistry suppliers;
    private final SupplierOrders orders;
    private final StockLevels stock;
    private final ShipmentScript shipments;
    private final Runnable onOrderDue;

    public ControlApi(SupplierRegistry suppliers, SupplierOrders orders, StockLevels stock, ShipmentScript shipments,
            Runnable onOrderDue) {
        this.suppliers = suppliers;
        this.orders = orders;
        this.stock = stock;
        this.shipments = shipments;
        this.onOrderDue = onOrderDue;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        List<String> path = Exchanges.segments(exchange);
        if (path.isEmpty()) {
            throw Problem.notFound("no supplier in path");
        }
        SupplierRuntime supplier = suppliers.require(path.getFirst());
        byte[] body = Exchanges.body(exchange);
        String route = exchange.getRequestMethod() + " " + String.join("/", path.subList(1, path.size()));
        switch (route) {
            case "GET orders" -> Exchanges.json(exchange, 200, orders.list(supplier.id()));
            case "GET profile" -> Exchanges.json(exchange, 200, supplier.profile());
            case "PUT profile" -> {
                supplier.useProfile(Exchanges.read(body, BehaviourProfile.class));
                Exchanges.noContent(exchange);
            }
            case "POST reject-next" -> {
                supplier.rejectNextOrder();
                Exchanges.noContent(exchange);
            }
            case "PUT stock" -> {
                StockUpdate update = Exchanges.read(body, StockUpdate.class);
                if (update.levels() == null || update.levels().contains(null)) {
                    throw Problem.badRequest("levels is required");
                }
                stock.set(supplier.id(), update.levels(), Instant.now());
                Exchanges.noContent(exchange);
            }
            case "POST fail-next" -> {
                Map<String, String> query = query(exchange);
                int count = intParameter(query, "count", 1);
                int status = intParameter(query, "status", 503);
                if (count < 0 || status < 400 || status > 599) {
                    throw Problem.badRequest("count must be >= 0 and status between 400 and 599");
                }
                supplier.failNext(count, status);
                Exchanges.noContent(exchange);
            }
            default -> {
                if (path.size() == 4 && path.get(1).equals("orders") && path.get(3).equals("ship-now")
                        && exchange.getRequestMethod().equals("POST")) {
                    if (!orders.shipNow(supplier.id(), path.get(2), Instant.now())) {
                        throw Problem.notFound("no order " + path.get(2));
                    }
                    onOrderDue.run();
                    Exchanges.noContent(exchange);
                } else if (path.size() == 4 && path.get(1).equals("orders") && path.get(3).equals("shipments")
                        && exchange.getRequestMethod().equals("POST")) {
                    ShipmentScript.Script script = Exchanges.read(body, ShipmentScript.Script.class);
                    var queued = shipments.run(supplier.id(), path.get(2), script, Instant.now());
                    if (queued.isEmpty()) {
                        throw Problem.notFound("no open order " + path.get(2));
                    }
                    onOrderDue.run();
                    Exchanges.json(exchange, 202, Map.of("webhooks", queued.getAsInt()));
                } else {
                    throw Problem.notFound("no control endpoint " + exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getPath());
                }
            }
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static int intParameter(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name + " must be an integer");
        }
    }
}
