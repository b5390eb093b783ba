package io.orderflow.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /v3/api-docs}: public, OpenAPI 3.1, and complete: every handler method of the
 * gateway's controllers, as Spring itself maps them, is in it. The document is written to
 * {@code app/target/openapi.json}, where {@code .ci/run} lints it with Redocly.
 */
class ApiDocumentationIT extends AppIntegrationTestBase {

    static final Path WRITTEN = Path.of("target", "openapi.json");
    static final String GATEWAY_PACKAGE = "io.orderflow.gateway.";

    @Autowired
    ApplicationContext context;

    @Test
    void theDocumentIsPublicOpenApi31AndWrittenForTheLinter() throws Exception {
        var json = apiDocs();
        var document = JSON.readTree(json);

        assertThat(document.path("openapi").asString()).startsWith("3.1");
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document),
                StandardCharsets.UTF_8);
    }

    @Test
    void everyControllerEndpointIsDocumented() {
        var documented = documentedOperations(JSON.readTree(apiDocs()));

        var mapped = new TreeSet<String>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().forEach((info, method) -> {
                    if (!method.getBeanType().getName().startsWith(GATEWAY_PACKAGE)) {
                        return;
                    }
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (String pattern : info.getPatternsCondition().getPatterns().stream()
                            .map(Object::toString).toList()) {
                        var path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
                        if (methods.isEmpty()) {
                            mapped.add("ANY " + path);
                        } else {
                            methods.forEach(m -> mapped.add(m.name() + " " + path));
                        }
                    }
                }));

        assertThat(mapped).as("the gateway's controller endpoints").hasSizeGreaterThan(20);
        var missing = mapped.stream()
                .filter(endpoint -> endpoint.startsWith("ANY ")
                        ? documented.stream().noneMatch(op -> op.endsWith(" " + endpoint.substring(4)))
                        : !documented.contains(endpoint))
                .toList();
        assertThat(missing).as("controller endpoints missing from /v3/api-docs").isEmpty();
    }

    @Test
    void operationsNameTheirScopesAndTheirProblemAnswers() {
        var document = JSON.readTree(apiDocs());
        var scheme = document.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo("X-Api-Key");
        assertThat(document.path("components").path("schemas").path("Problem").path("properties").has("detail")).isTrue();

        var place = document.path("paths").path("/api/v1/orders").path("post");
        assertThat(place.path("security").get(0).path("apiKey").get(0).asString()).isEqualTo("orders:write");
        for (var status : List.of("400", "401", "403", "409", "413", "422")) {
            assertThat(place.path("responses").path(status).path("content").path("application/problem+json")
                    .path("schema").path("$ref").asString()).as(status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(place.path("requestBody").path("content").path("application/json").path("examples").size())
                .isPositive();
        assertThat(place.path("responses").has("201")).isTrue();

        // the tracking page and the webhooks take no key
        var page = document.path("paths").path("/track/{token}").path("get");
        assertThat(page.path("security").isArray() && page.path("security").isEmpty()).isTrue();
        var audit = document.path("paths").path("/api/v1/audit/integrity").path("get");
        assertThat(audit.path("x-required-scopes").toString()).contains("audit");

        // the platform API: its scope, the key shown once (201), revocation 204, a retailer that exists 409
        var issueKey = document.path("paths").path("/api/v1/platform/retailers/{retailerId}/keys").path("post");
        assertThat(issueKey.path("x-required-scopes").toString()).isEqualTo("[\"platform\"]");
        assertThat(issueKey.path("responses").has("201")).isTrue();
        assertThat(document.path("paths").path("/api/v1/platform/retailers/{retailerId}/keys/{keyId}").path("delete")
                .path("responses").has("204")).isTrue();
        assertThat(document.path("paths").path("/api/v1/platform/retailers").path("post").path("responses")
                .path("409").path("content").has("application/problem+json")).isTrue();
    }

    @Test
    void swaggerUiIsServedFromTheServiceWithoutACdn() {
        var redirect = http().get().uri("/swagger-ui.html").exchange().returnResult(String.class);
        var location = redirect.getResponseHeaders().getLocation();
        assertThat(redirect.getStatus().is3xxRedirection()).as("redirects to the bundled UI").isTrue();
        var page = http().get().uri(location.toString()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("swagger-ui").doesNotContainPattern("(src|href)=\"(https?:)?//");

        var scripts = new ArrayList<String>();
        var script = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        while (script.find()) {
            scripts.add(script.group(1));
        }
        assertThat(scripts).isNotEmpty();
        var base = location.toString().substring(0, location.toString().lastIndexOf('/') + 1);
        for (var asset : scripts) {
            http().get().uri(asset.startsWith("/") ? asset : base + asset.replaceFirst("^\\./", "")).exchange()
                    .expectStatus().isOk();
        }
        // what the UI loads to find the document
        http().get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isOk();
    }

    private String apiDocs() {
        return http().get().uri("/v3/api-docs").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static Set<String> documentedOperations(JsonNode document) {
        var operations = new TreeSet<String>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            var method = op.getKey().toUpperCase(Locale.ROOT);
            if (Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE").contains(method)) {
                operations.add(method + " " + path.getKey());
            }
        }));
        return operations;
    }
}
