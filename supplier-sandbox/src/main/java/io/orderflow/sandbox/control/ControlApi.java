package io.orderflow.sandbox.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.orderflow.sandbox.suppliers.BehaviourProfile;
import io.orderflow.sandbox.stock.StockLevel;
import io.orderflow.sandbox.http.Exchanges;
import io.orderflow.sandbox.http.Json;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.shopify.RetailerStores;
import java.net.URI;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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

/**
  * Unsigned endpoints for tests and demos, under {@code /control/{supplierId}}. Faults on demand: {@code fail-next}
  * (a status, 429 with {@code retryAfter} seconds), {@code slow-next}, {@code drop-next} (the work is done, the
  * connection dropped), {@code hang-next} (no answer), each optionally for one Shopify {@code operation} only;
  * {@code duplicate-webhooks}, {@code webhook-order?order=any} (out of order), {@code reject-next?reason=} and the
  * Shopify bucket ({@code GET/PUT throttle}). Under {@code store/}, a shop playing a retailer's own store: its webhook
  * subscription, products, customers' orders (sent as {@code orders/create}), cancellations, and what orderflow wrote
  * back (fulfillments, inventory).
  */
public final class ControlApi implements HttpHandler {

    public static final String CONTEXT = "/control/";

    record StockUpdate(List<StockLevel> levels) {}

    record ThrottleUpdate(Double maximumAvailable, Double restoreRate, Double currentlyAvailable) {}

    private final SupplierRegistry suppliers;
    private final SupplierOrders orders;
    private final StockLevels stock;
    private final ShipmentScript shipments;
    private final Runnable onOrderDue;
    private final RetailerStores stores;

    record WebhookSubscription(String address) {}

    record Products(List<String> skus) {}

    public ControlApi(SupplierRegistry suppliers, SupplierOrders orders, StockLevels stock, ShipmentScript shipments,
            Runnable onOrderDue, RetailerStores stores) {
        this.suppliers = suppliers;
        this.orders = orders;
        this.stock = stock;
        this.shipments = shipments;
        this.onOrderDue = onOrderDue;
        this.stores = stores;
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
                supplier.rejectNextOrder(query(exchange).get("reason"));
                Exchanges.noContent(exchange);
            }
            case "POST slow-next", "POST drop-next", "POST hang-next" -> {
                Map<String, String> query = query(exchange);
                int count = intParameter(query, "count", 1);
                int millis = intParameter(query, "millis", route.equals("POST slow-next") ? 2000 : 0);
                if (count < 1 || millis < 0) {
                    throw Problem.badRequest("count must be >= 1 and millis >= 0");
                }
                var kind = switch (route) {
                    case "POST slow-next" -> SupplierRuntime.Fault.Kind.SLOW;
                    case "POST drop-next" -> SupplierRuntime.Fault.Kind.DROP;
                    default -> SupplierRuntime.Fault.Kind.HANG;
                };
                supplier.addFault(new SupplierRuntime.Fault(kind, count, millis, query.get("operation")));
                Exchanges.noContent(exchange);
            }
            case "POST invoice-fault" -> {
                String fault = query(exchange).getOrDefault("fault", "");
                try {
                    supplier.addInvoiceFault(SupplierRuntime.InvoiceFault.valueOf(fault));
                } catch (IllegalArgumentException e) {
                    throw Problem.badRequest("fault must be one of WRONG_PRICE, EXTRA_QUANTITY, DUPLICATE, OMIT");
                }
                Exchanges.noContent(exchange);
            }
            case "POST duplicate-webhooks" -> {
                int count = intParameter(query(exchange), "count", 1);
                if (count < 0) {
                    throw Problem.badRequest("count must be >= 0");
                }
                supplier.duplicateNextWebhooks(count);
                Exchanges.noContent(exchange);
            }
            case "PUT webhook-order" -> {
                String order = query(exchange).getOrDefault("order", "");
                if (!order.equals("any") && !order.equals("sequential")) {
                    throw Problem.badRequest("order must be any or sequential");
                }
                supplier.sendWebhooksOutOfOrder(order.equals("any"));
                Exchanges.noContent(exchange);
            }
            // the shop playing a retailer's own store
            case "PUT store/webhook" -> {
                WebhookSubscription subscription = Exchanges.read(body, WebhookSubscription.class);
                try {
                    stores.of(supplier).subscribe(subscription.address() == null ? null : URI.create(subscription.address()));
                } catch (IllegalArgumentException e) {
                    throw Problem.badRequest("address must be an absolute http(s) URL");
                }
                Exchanges.noContent(exchange);
            }
            case "PUT store/products" -> {
                Products products = Exchanges.read(body, Products.class);
                if (products.skus() == null || products.skus().contains(null)) {
                    throw Problem.badRequest("skus is required");
                }
                stores.of(supplier).addProducts(products.skus());
                Exchanges.noContent(exchange);
            }
            case "POST store/orders" -> {
                JsonNode order;
                try {
                    order = Json.MAPPER.readTree(body);
                } catch (JacksonException e) {
                    throw Problem.badRequest("the order must be JSON");
                }
                int deliveries = intParameter(query(exchange), "deliveries", 1);
                if (deliveries < 1 || deliveries > 10) {
                    throw Problem.badRequest("deliveries must be 1 to 10");
                }
                Exchanges.json(exchange, 201, stores.of(supplier).createOrder(order, deliveries));
            }
            case "GET store/inventory" -> Exchanges.json(exchange, 200, Map.of("levels",
                    stores.of(supplier).inventory(), "writes", stores.of(supplier).inventoryWrites()));
            case "GET throttle" -> Exchanges.json(exchange, 200, supplier.bucket().stats());
            case "PUT throttle" -> {
                ThrottleUpdate update = Exchanges.read(body, ThrottleUpdate.class);
                supplier.bucket().configure(update.maximumAvailable(), update.restoreRate(), update.currentlyAvailable());
                Exchanges.json(exchange, 200, supplier.bucket().stats());
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
                int retryAfter = intParameter(query, "retryAfter", 1);
                if (count < 0 || status < 400 || status > 599 || retryAfter < 0) {
                    throw Problem.badRequest("count and retryAfter must be >= 0 and status between 400 and 599");
                }
                supplier.failNext(count, status, retryAfter);
                Exchanges.noContent(exchange);
            }
            default -> {
                if (path.size() == 4 && path.get(1).equals("store") && path.get(2).equals("orders")
                        && exchange.getRequestMethod().equals("GET")) {
                    Exchanges.json(exchange, 200, stores.of(supplier).order(storeOrderId(path.get(3))));
                } else if (path.size() == 5 && path.get(1).equals("store") && path.get(2).equals("orders")
                        && path.get(4).equals("cancel") && exchange.getRequestMethod().equals("POST")) {
                    Exchanges.json(exchange, 200, stores.of(supplier).cancelOrder(storeOrderId(path.get(3)),
                            query(exchange).get("reason")));
                } else if (path.size() == 4 && path.get(1).equals("orders") && path.get(3).equals("ship-now")
                        && exchange.getRequestMethod().equals("POST")) {
                    if (!orders.shipNow(supplier.id(), path.get(2), Instant.now())) {
                        throw Problem.notFound("no order " + path.get(2));
                    }
                    onOrderDue.run();
                    Exchanges.noContent(exchange);
                } else if (path.size() == 4 && path.get(1).equals("orders") && path.get(3).equals("shipments")
                        && exchange.getRequestMethod().equals("POST")) {
                    if (supplier.shopify()) {
                        throw Problem.badRequest(supplier.id() + " is a Shopify store: shipment scripts send partner-API"
                                + " webhooks; use POST /control/" + supplier.id() + "/orders/{id}/ship-now instead");
                    }
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

    private static long storeOrderId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Problem.notFound("no store order " + text);
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
