package io.orderflow.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Blocking JSON calls for the set-up; the load itself goes through {@link OpenLoopLoad}. */
final class Http {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String STOREFRONT_KEY = "dev-storefront-key";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** A GET of a text resource (the metrics), with the given key. */
    static String text(URI uri, String apiKey) {
        return send("GET", HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("X-Api-Key", apiKey));
    }

    static JsonNode call(String method, URI uri, String apiKey, Object body) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        String answer = send(method, request);
        return answer.isBlank() ? JSON.nullNode() : JSON.readTree(answer);
    }

    /** The body of a 2xx answer; anything else (another status, no answer) fails the set-up. */
    private static String send(String method, HttpRequest.Builder request) {
        var built = request.build();
        try {
            var answer = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + built.uri() + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + built.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
