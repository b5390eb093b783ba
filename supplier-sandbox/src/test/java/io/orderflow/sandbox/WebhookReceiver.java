package io.orderflow.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import io.orderflow.sandbox.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/** Stands in for orderflow's webhook ingress and records every delivery, including the ones it refused. */
final class WebhookReceiver implements AutoCloseable {

    record Delivery(String path, String contentType, String signature, byte[] body, int answeredWith) {

        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        String eventId() {
            return json().path("eventId").asString();
        }

        String type() {
            return json().path("type").asString();
        }

        String orderId() {
            return json().path("data").path("orderId").asString();
        }

        boolean accepted() {
            return answeredWith >= 200 && answeredWith < 300;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicReference<String> holdFirstOf = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/webhooks/partner/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String held = holdFirstOf.get();
            if (held != null && body.length > 0 && held.equals(Json.MAPPER.readTree(body).path("data").path("reference")
                    .asString()) && holdFirstOf.compareAndSet(held, null)) {
                try {
                    release.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = failuresLeft.getAndUpdate(n -> Math.max(n - 1, 0)) > 0 ? 500 : 200;
            deliveries.add(new Delivery(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Orderflow-Signature"), body, status));
            byte[] answer = (status == 200 ? "{}" : "{\"error\":\"down\"}").getBytes(UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** The next delivery for the order of this reference is answered only once {@link #answerHeld()} is called. */
    void holdNextAnswerFor(String reference) {
        holdFirstOf.set(reference);
    }

    void answerHeld() {
        release.countDown();
    }

    void failNext(int count) {
        failuresLeft.set(count);
    }

    List<Delivery> deliveriesFor(String orderId) {
        return deliveries.stream().filter(d -> d.orderId().equals(orderId)).toList();
    }

    List<Delivery> acceptedFor(String orderId) {
        return deliveriesFor(orderId).stream().filter(Delivery::accepted).toList();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdown();
    }
}
