package io.orderflow.sandbox.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;

public final class Exchanges {

    private Exchanges() {}

    public static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** Path segments after the context path, e.g. {@code [acme, orders, PO-1]} for {@code /partner/acme/orders/PO-1}. */
    public static List<String> segments(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath().substring(exchange.getHttpContext().getPath().length());
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw Problem.badRequest("a JSON body is required");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw Problem.badRequest("a JSON body is required");
            }
            return value;
        } catch (JacksonException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
                // our own records' checks, e.g. "lines[].quantity must be a positive integer"
                throw Problem.badRequest("invalid request body: " + cause.getMessage());
            }
            // Jackson's own message names Java types and its settings: the caller needs the field, not those
            String field = fieldPath(e);
            throw Problem.badRequest(field.isEmpty() ? "malformed request body: not JSON of the expected shape"
                    : "malformed request body: " + field + " is missing a value or has the wrong type");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problem.badRequest("invalid request body: " + e.getMessage());
        }
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    public static void noContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    public static void problem(HttpExchange exchange, Problem problem) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequestURI().getPath());
        send(exchange, problem.status(), "application/problem+json", Json.MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }

    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
