package io.orderflow.gateway.console;

import io.orderflow.gateway.web.Problems;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * The operations console, {@code GET /console}: one page, a style sheet and a script, all from this service, nothing
 * fetched from elsewhere (the policy allows only this origin). The page holds no data and needs no key; the operator
 * signs in with an admin API key, which the script keeps in the tab's session storage and sends as {@code X-Api-Key}
 * to the JSON API, never in a URL.
 */
@RestController
class ConsoleController {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final Map<String, Asset> ASSETS = Map.of(
            "console.js", new Asset(new MediaType("text", "javascript", StandardCharsets.UTF_8), load("console.js")),
            "console.css", new Asset(new MediaType("text", "css", StandardCharsets.UTF_8), load("console.css")));
    private static final byte[] PAGE = load("index.html");

    private record Asset(MediaType type, byte[] bytes) {
    }

    @GetMapping("/console")
    Mono<ResponseEntity<byte[]>> page() {
        return Mono.just(answer(HTML, PAGE));
    }

    @GetMapping("/console/{asset}")
    Mono<ResponseEntity<byte[]>> asset(@PathVariable String asset) {
        var found = ASSETS.get(asset);
        if (found == null) {
            return Mono.error(Problems.error(HttpStatus.NOT_FOUND, "No such console file."));
        }
        return Mono.just(answer(found.type(), found.bytes()));
    }

    private static ResponseEntity<byte[]> answer(MediaType type, byte[] body) {
        return ResponseEntity.ok()
                .contentType(type)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Robots-Tag", "noindex, nofollow")
                // small files, always revalidated: a new release is seen at once
                .cacheControl(CacheControl.noCache())
                .body(body);
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleController.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console file missing from the class path: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
