package io.orderflow.sandbox.webhooks;

import static io.orderflow.sandbox.db.Transactions.timestamp;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderflow.sandbox.db.Transactions;
import io.orderflow.sandbox.orders.OrderLifecycle;
import io.orderflow.sandbox.shopify.ShopifyHmac;
import io.orderflow.sandbox.orders.ShopifyWebhooks;
import io.orderflow.sandbox.signing.OrderflowSignature;
import io.orderflow.sandbox.suppliers.SupplierRegistry;
import io.orderflow.sandbox.suppliers.SupplierRuntime;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
  * Lets due events happen and delivers them signed with the supplier's webhook secret, in two loops: one lets events
  * happen when they are due ({@link OrderLifecycle}), the other delivers what happened. Deliveries run side by side,
  * up to {@link #IN_FLIGHT} at a time, and a finished one frees its place at once: a batch waited for its slowest
  * request before the next was claimed, and at 16 per batch the sandbox fell seconds behind under load. A delivery is
  * leased, not locked, while its request is in flight, so no database connection waits on the network; an order's
  * next delivery is claimed only once its earlier ones were delivered, so each order's webhooks keep their order.
  */
public final class WebhookSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookSender.class.getName());
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration IDLE_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** Deliveries in flight at once; claimed as places free up. */
    static final int IN_FLIGHT = 64;
    private static final String USER_AGENT = "orderflow-supplier-sandbox/1";

    private record Claim(UUID eventId, String supplierId, String type, String body, int attempts) {}

    /** A delivery that came back: taken ({@code failure} null) or not, and when. */
    private record Outcome(Claim claim, String failure, Instant at) {}

    private final Transactions transactions;
    private final SupplierRegistry suppliers;
    private final OrderLifecycle lifecycle;
    private final String webhookBase;
    private final HttpClient client;
    private final Thread happening;
    private final Thread delivering;
    private final Semaphore places = new Semaphore(IN_FLIGHT);
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private Instant lastErrorLogged = Instant.EPOCH;

    public WebhookSender(Transactions transactions, SupplierRegistry suppliers, OrderLifecycle lifecycle,
            URI webhookTarget) {
        this.transactions = transactions;
        this.suppliers = suppliers;
        this.lifecycle = lifecycle;
        String target = webhookTarget.toString();
        this.webhookBase = (target.endsWith("/") ? target.substring(0, target.length() - 1) : target) + "/webhooks/";
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        // platform threads: on the JVM's few virtual-thread carriers, which orderflow's own virtual threads keep busy
        // under load, every database round trip of these loops waited its turn, and events happened seconds late
        this.happening = Thread.ofPlatform().daemon().name("supplier-sandbox-lifecycle")
                .unstarted(this::letEventsHappen);
        this.delivering = Thread.ofPlatform().daemon().name("supplier-sandbox-webhooks")
                .unstarted(this::deliverWhatHappened);
    }

    public void start() {
        happening.start();
        delivering.start();
    }

    static Duration backoff(int attempts) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }

    private void letEventsHappen() {
        String[] supplierIds = suppliers.ids();
        while (running) {
            int happened = 0;
            try {
                happened = lifecycle.advance(supplierIds, Instant.now());
            } catch (RuntimeException e) {
                logThrottled(e);
            }
            if (happened > 0) {
                LockSupport.unpark(delivering);
            } else if (running) {
                LockSupport.parkNanos(untilNext("""
                        select min(due_at) from sandbox.webhook_delivery
                        where supplier_id = any(?) and occurred_at is null and not cancelled""", supplierIds).toNanos());
            }
        }
    }

    private void deliverWhatHappened() {
        String[] supplierIds = suppliers.ids();
        while (running) {
            int recorded = 0;
            int claimed = 0;
            try {
                recorded = recordOutcomes();
                claimed = deliverDue(supplierIds);
            } catch (RuntimeException e) {
                logThrottled(e);
            }
            if (recorded == 0 && claimed == 0 && running) {
                LockSupport.parkNanos(untilNext("""
                        select min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at)))
                        from sandbox.webhook_delivery
                        where supplier_id = any(?) and occurred_at is not null and sent_at is null and not cancelled""",
                        supplierIds).toNanos());
            }
        }
    }

    /** New orders and ship-now wake the sender; otherwise it polls every 100 ms while work is near, else every second. */
    public void wake() {
        LockSupport.unpark(happening);
        LockSupport.unpark(delivering);
    }

    /** How long to wait for the time the query gives, between 100 ms and a second. */
    private Duration untilNext(String query, String[] supplierIds) {
        try {
            Instant next = transactions.inTransaction(connection -> {
                try (PreparedStatement select = connection.prepareStatement(query)) {
                    select.setArray(1, connection.createArrayOf("text", supplierIds));
                    try (ResultSet rows = select.executeQuery()) {
                        rows.next();
                        return Transactions.instant(rows.getObject(1, OffsetDateTime.class));
                    }
                }
            });
            Duration wait = next == null ? IDLE_POLL_INTERVAL : Duration.between(Instant.now(), next);
            return wait.compareTo(POLL_INTERVAL) < 0 ? POLL_INTERVAL
                    : wait.compareTo(IDLE_POLL_INTERVAL) > 0 ? IDLE_POLL_INTERVAL : wait;
        } catch (RuntimeException e) {
            logThrottled(e);
            return IDLE_POLL_INTERVAL;
        }
    }

    /**
     * Claims as many due deliveries as there are free places and sends each on its own; answers how many. A place is
     * free again once the delivery's outcome is recorded.
     */
    private int deliverDue(String[] supplierIds) {
        int free = places.drainPermits();
        List<Claim> claims;
        try {
            claims = free == 0 ? List.of() : claim(supplierIds, Instant.now(), free);
        } finally {
            places.release(free);
        }
        for (Claim claim : claims) {
            places.acquireUninterruptibly();
            CompletableFuture<String> sent;
            try {
                sent = deliver(claim);
            } catch (RuntimeException e) {
                sent = CompletableFuture.completedFuture(e.toString());
            }
            sent.whenComplete((failure, unexpected) -> {
                outcomes.add(new Outcome(claim, unexpected != null ? why(unexpected) : failure, Instant.now()));
                LockSupport.unpark(delivering);
            });
        }
        return claims.size();
    }

    /**
     * Records the outcomes of the deliveries that came back since the last call, together in one transaction (a
     * transaction each made the deliveries wait for the sandbox's ten database connections), and frees their places;
     * answers how many. Delivered ones are done and let their order's next delivery be claimed; the others wait their
     * backoff. If recording fails, the leases run out and the deliveries are tried again.
     */
    private int recordOutcomes() {
        var recorded = new ArrayList<Outcome>();
        for (Outcome outcome; (outcome = outcomes.poll()) != null; ) {
            recorded.add(outcome);
        }
        if (recorded.isEmpty()) {
            return 0;
        }
        try {
            transactions.inTransaction(connection -> {
                try (PreparedStatement sent = connection.prepareStatement("""
                        update sandbox.webhook_delivery set sent_at = ?, lease_until = null, last_error = null
                        where event_id = ?""");
                     PreparedStatement failed = connection.prepareStatement("""
                        update sandbox.webhook_delivery set next_attempt_at = ?, lease_until = null, last_error = ?
                        where event_id = ?""")) {
                    for (Outcome outcome : recorded) {
                        if (outcome.failure() == null) {
                            sent.setObject(1, timestamp(outcome.at()));
                            sent.setObject(2, outcome.claim().eventId());
                            sent.addBatch();
                        } else {
                            failed.setObject(1, timestamp(outcome.at().plus(backoff(outcome.claim().attempts()))));
                            failed.setString(2, outcome.failure());
                            failed.setObject(3, outcome.claim().eventId());
                            failed.addBatch();
                        }
                    }
                    sent.executeBatch();
                    failed.executeBatch();
                    return null;
                }
            });
        } finally {
            places.release(recorded.size());
        }
        return recorded.size();
    }

    /** At most one delivery per order: the next one only qualifies once every earlier one was delivered. */
    private List<Claim> claim(String[] supplierIds, Instant now, int limit) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement claim = connection.prepareStatement("""
                    update sandbox.webhook_delivery d set lease_until = ?, attempts = d.attempts + 1
                    where d.event_id in (
                        select c.event_id from sandbox.webhook_delivery c
                        where c.supplier_id = any(?) and c.occurred_at is not null and c.sent_at is null and not c.cancelled
                            and c.next_attempt_at <= ? and (c.lease_until is null or c.lease_until < ?)
                            and (c.supplier_id = any(?) or not exists (select 1 from sandbox.webhook_delivery p
                                                            where p.order_id = c.order_id and p.seq < c.seq and p.sent_at is null and not p.cancelled))
                        order by c.next_attempt_at, c.seq
                        limit ?
                        for update skip locked)
                    returning d.event_id, d.supplier_id, d.type, d.body, d.attempts""")) {
                claim.setObject(1, timestamp(now.plus(LEASE)));
                claim.setArray(2, connection.createArrayOf("text", supplierIds));
                claim.setObject(3, timestamp(now));
                claim.setObject(4, timestamp(now));
                claim.setArray(5, connection.createArrayOf("text", suppliers.all().stream()
                        .filter(SupplierRuntime::webhooksOutOfOrder).map(SupplierRuntime::id).toArray()));
                claim.setInt(6, limit);
                List<Claim> claims = new ArrayList<>();
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claims.add(new Claim(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getInt(5)));
                    }
                }
                return claims;
            }
        });
    }

    /** Sends one delivery; completes with null once it was taken, else with why not. */
    private CompletableFuture<String> deliver(Claim claim) {
        SupplierRuntime supplier = suppliers.get(claim.supplierId());
        byte[] body = claim.body().getBytes(UTF_8);
        HttpRequest request = supplier.shopify() ? shopifyRequest(supplier, claim, body)
                : HttpRequest.newBuilder(URI.create(webhookBase + "partner/" + claim.supplierId()))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", USER_AGENT)
                        .header(OrderflowSignature.HEADER,
                                OrderflowSignature.header(supplier.webhookSecret(), Instant.now().getEpochSecond(), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        // a duplicate first, as Shopify and partners send at times: the same delivery id, the same bytes
        CompletableFuture<?> duplicate = supplier.takeDuplicateWebhook()
                ? client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                : CompletableFuture.completedFuture(null);
        return duplicate.thenCompose(sent -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .handle((response, failure) -> failure != null ? why(failure)
                        : response.statusCode() >= 200 && response.statusCode() < 300 ? null
                        : "HTTP " + response.statusCode());
    }

    private static String why(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** As a Shopify shop delivers: its topic and ids in X-Shopify-* headers, the body's HMAC in base64. */
    private HttpRequest shopifyRequest(SupplierRuntime shop, Claim claim, byte[] body) {
        return HttpRequest.newBuilder(URI.create(webhookBase + "shopify/" + claim.supplierId()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Shopify-Captain-Hook")
                .header("X-Shopify-Topic", ShopifyWebhooks.topic(claim.type()))
                .header(ShopifyHmac.HEADER, ShopifyHmac.sign(shop.webhookSecret(), body))
                .header("X-Shopify-Shop-Domain", shop.shopDomain())
                .header("X-Shopify-API-Version", ShopifyWebhooks.API_VERSION)
                .header("X-Shopify-Webhook-Id", claim.eventId().toString())
                .header("X-Shopify-Event-Id", UUID.nameUUIDFromBytes(("event:" + claim.eventId()).getBytes(UTF_8)).toString())
                .header("X-Shopify-Triggered-At", Instant.now().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private void logThrottled(RuntimeException e) {
        Instant now = Instant.now();
        if (Duration.between(lastErrorLogged, now).compareTo(Duration.ofSeconds(10)) >= 0) {
            lastErrorLogged = now;
            LOG.log(Level.WARNING, "supplier sandbox webhook sender failed; retrying", e);
        }
    }

    /** Waits for requests in flight, so their outcome is recorded and nothing stays leased. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            for (Thread loop : List.of(happening, delivering)) {
                if (!loop.join(REQUEST_TIMEOUT.plusSeconds(5))) {
                    LOG.log(Level.WARNING, "supplier sandbox " + loop.getName() + " did not stop in time");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.plusSeconds(1).toNanos();
        while (places.availablePermits() + outcomes.size() < IN_FLIGHT && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        try {
            recordOutcomes();
        } catch (RuntimeException e) {
            // their leases run out and a restarted sandbox delivers them again
            logThrottled(e);
        }
        client.close();
    }
}
