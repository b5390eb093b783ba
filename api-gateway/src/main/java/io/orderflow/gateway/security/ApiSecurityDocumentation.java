package io.orderflow.gateway.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The OpenAPI document's security, taken from the rules this package enforces ({@link SecurityConfiguration#SCOPE_RULES}),
 * so that the two cannot drift apart: each operation names the scopes its key needs, public operations (tracking,
 * webhooks, which are signed instead) need none.
 */
@Component
class ApiSecurityDocumentation implements GlobalOpenApiCustomizer {

    static final String SCHEME = "apiKey";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name(SecurityConfiguration.API_KEY_HEADER)
                .description("An API key, bound to one retailer and a set of scopes (orders:write, orders:read, admin,"
                        + " audit, platform, ops). In the embedded default the README names the development keys."));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                document(path, method, operation)));
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        if (!needsKey(path)) {
            operation.setSecurity(List.of());
            return;
        }
        var scopes = requiredScopes(path, method).orElse(List.of());
        operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME, scopes)));
        var needs = scopes.isEmpty() ? "Needs a valid API key (any scope)."
                : "Needs an API key with the scope " + String.join(" or ", scopes.stream().map(s -> "`" + s + "`").toList())
                + ".";
        operation.setDescription(operation.getDescription() == null ? needs : operation.getDescription() + "\n\n" + needs);
        operation.addExtension("x-required-scopes", scopes);
    }

    static boolean needsKey(String path) {
        return (path.startsWith("/api/") && !path.startsWith("/api/v1/tracking/")) || path.startsWith("/actuator/")
                && !path.startsWith("/actuator/health");
    }

    /** The scopes of the first rule that matches, as the security filter decides. */
    static Optional<List<String>> requiredScopes(String path, PathItem.HttpMethod method) {
        var concrete = PathContainer.parsePath(path.replaceAll("\\{[^/}]+}", "x"));
        var httpMethod = HttpMethod.valueOf(method.name().toUpperCase(Locale.ROOT));
        return SecurityConfiguration.SCOPE_RULES.stream()
                .filter(rule -> rule.method() == null || rule.method().equals(httpMethod))
                .filter(rule -> rule.paths().stream()
                        .anyMatch(pattern -> PathPatternParser.defaultInstance.parse(pattern).matches(concrete)))
                .findFirst()
                .map(SecurityConfiguration.ScopeRule::scopes);
    }
}
