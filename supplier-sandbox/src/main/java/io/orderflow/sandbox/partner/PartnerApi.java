package io.orderflow.sandbox.partner;

import static io.orderflow.sandbox.http.Exchanges.json;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.orderflow.sandbox.suppliers.BehaviourProfile;
import io.orderflow.sandbox.http.Exchanges;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.orders.NewOrder;
import io.orderflow.sandbox.orders.OrderDetails;
import io.orderflow.sandbox.orders.OrderSummary;
import io.orderflow.sandbox.orders.SupplierOrders;
import io.orderflow.sandbox.signing.OrderflowSignature;
import io.orderflow.sandbox.stock.StockLevels;
import io.orderflow.sandbox.suppliers.SupplierRegistry;
import io.orderflow.sandbox.suppliers.SupplierRuntime;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/** The partner REST API orderflow's connector calls, under {@code /partner/{supplierId}}. */
public final class PartnerApi implements HttpHandler {

    public static final String CONTEXT = "/partner/";

    record Receipt(String id, String reference, String status) {}

    record CancelReceipt(String id, String status) {}

    record Inventory(List<StockLevels.Snapshot> levels) {}

    private final SupplierRegistry suppliers;
    private final SupplierOrders orders;
    private final StockLevels stock;
    private final Runnable onOrderPlaced;

    public PartnerApi(SupplierRegistry suppliers, SupplierOrders orders, StockLevels stock, Runnable onOrderPlaced) {
        this.suppliers = suppliers;
        this.orders = orders;
        this.stock = stock;
        this.onOrderPlaced = onOrderPlaced;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        List<String> path = Exchanges.segments(exchange);
        if (path.isEmpty()) {
            throw Problem.notFound("no supplier in path");
        }
        SupplierRuntime supplier = suppliers.require(path.getFirst());
        byte[] body = Exchanges.body(exchange);
        OptionalInt failure = supplier.takeFailure();
        if (failure.isPresent()) {
            simulateFailure(exchange, failure.getAsInt());
            return;
        }
        String signature = exchange.getRequestHeaders().getFirst(OrderflowSignature.HEADER);
        if (!OrderflowSignature.verify(signature, supplier.apiSecret(), body, Instant.now())) {
            throw new Problem(401, "Unauthorized", "missing, stale or invalid " + OrderflowSignature.HEADER);
        }
        String method = exchange.getRequestMethod();
        List<String> rest = path.subList(1, path.size());
        if (rest.equals(List.of("orders")) && method.equals("POST")) {
            placeOrder(exchange, supplier, body);
        } else if (rest.size() == 3 && rest.get(0).equals("orders") && rest.get(2).equals("cancel") && method.equals("POST")) {
            cancel(exchange, supplier, rest.get(1));
        } else if (rest.size() == 2 && rest.get(0).equals("orders") && method.equals("GET")) {
            OrderDetails order = orders.find(supplier.id(), rest.get(1))
                    .orElseThrow(() -> Problem.notFound("no order " + rest.get(1)));
            json(exchange, 200, order);
        } else if (rest.equals(List.of("inventory")) && method.equals("GET")) {
            json(exchange, 200, new Inventory(stock.list(supplier.id())));
        } else {
            throw Problem.notFound("no partner endpoint " + method + " " + exchange.getRequestURI().getPath());
        }
    }

    private void placeOrder(HttpExchange exchange, SupplierRuntime supplier, byte[] body) throws IOException {
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw Problem.badRequest("the Idempotency-Key header is required");
        }
        AtomicBoolean tookRejectNext = new AtomicBoolean();
        var placed = orders.place(supplier.id(), idempotencyKey, () -> {
            NewOrder order = Exchanges.read(body, NewOrder.class);
            BehaviourProfile profile = supplier.profile();
            tookRejectNext.set(!profile.rejectAll() && supplier.takeRejectNext());
            return new SupplierOrders.Intake(order, profile, profile.rejectAll() || tookRejectNext.get());
        }, Instant.now());
        if (!placed.created()) {
            if (tookRejectNext.get()) {
                supplier.rejectNextOrder();
            }
            replay(exchange, supplier, placed.order());
            return;
        }
        onOrderPlaced.run();
        exchange.getResponseHeaders().set("Location", location(supplier, placed.order()));
        json(exchange, 201, receipt(placed.order()));
    }

    // a repeated key gets the answer the first request got, whatever it sends now
    private static void replay(HttpExchange exchange, SupplierRuntime supplier, OrderSummary order) throws IOException {
        exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        exchange.getResponseHeaders().set("Location", location(supplier, order));
        json(exchange, 201, receipt(order));
    }

    private void cancel(HttpExchange exchange, SupplierRuntime supplier, String orderId) throws IOException {
        var cancellation = orders.cancel(supplier.id(), orderId, Instant.now());
        switch (cancellation.outcome()) {
            case CANCELLED -> json(exchange, 200, new CancelReceipt(orderId, cancellation.status().name()));
            case TOO_LATE -> throw new Problem(409, "Conflict",
                    "order " + orderId + " is " + cancellation.status() + " and can no longer be cancelled");
            case NOT_FOUND -> throw Problem.notFound("no order " + orderId);
        }
    }

    private static void simulateFailure(HttpExchange exchange, int status) throws IOException {
        if (status == 429 || status == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        Exchanges.problem(exchange, new Problem(status, "Simulated failure", "failure injected by the sandbox control API"));
    }

    private static Receipt receipt(OrderSummary order) {
        return new Receipt(order.id(), order.reference(), "RECEIVED");
    }

    private static String location(SupplierRuntime supplier, OrderSummary order) {
        return CONTEXT + supplier.id() + "/orders/" + order.id();
    }
}
