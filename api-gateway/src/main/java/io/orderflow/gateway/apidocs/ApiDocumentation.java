package io.orderflow.gateway.apidocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), generated from the
 * controllers by springdoc. What the controllers do not say is added here, for every operation alike, so that an
 * endpoint added later is documented the same way without further work: the RFC 9457 problem answers the gateway
 * gives (bad input, keys, scopes, idempotency, sizes), a summary, and examples for the requests people start with.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI orderflowOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("orderflow API")
                        .version("v1")
                        .description("""
                                Order routing and fulfillment orchestration. Storefronts place and cancel orders, \
                                operations configure suppliers, catalogs and routing policies, auditors read the \
                                history, suppliers answer through signed webhooks. Every error is an RFC 9457 problem \
                                document (`application/problem+json`). Each request may carry `X-Correlation-Id`; \
                                it is echoed on every response."""))
                // relative: the document is right for whichever host and port serves it
                .servers(List.of(new Server().url("/").description("this orderflow instance")))
                .components(new Components().addSchemas(PROBLEM, problemSchema()));
    }

    @Bean
    GlobalOpenApiCustomizer problemAnswers() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            if (openApi.getComponents().getSchemas() == null || !openApi.getComponents().getSchemas().containsKey(PROBLEM)) {
                openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                OperationNames.name(path, method, operation);
                summarise(operation);
                webhooks(path, operation);
                successes(path, method, operation);
                answers(path, method, operation);
                examples(path, method, operation);
            }));
            // the stream and byte types that successes() replaced with what goes over the wire
            if (openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().keySet()
                        .removeIf(name -> name.startsWith("ServerSentEvent") || name.equals("DataBuffer"));
            }
        };
    }

    /** The webhook handlers read the raw body and the signature headers themselves: springdoc cannot see either. */
    private static void webhooks(String path, Operation operation) {
        boolean partner = path.startsWith("/webhooks/partner/");
        boolean shopify = path.startsWith("/webhooks/shopify/") || path.startsWith("/webhooks/shopify-store/");
        if (!partner && !shopify) {
            return;
        }
        if (partner) {
            header(operation, "X-Orderflow-Signature", true, "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">"
                    + " with the supplier's webhook secret; several v1 values may be sent while a secret is rotated."
                    + " Older than 5 minutes is refused.");
        } else {
            header(operation, "X-Shopify-Hmac-Sha256", true, "Base64 HMAC-SHA256 of the raw body with the shop's"
                    + " webhook secret");
            header(operation, "X-Shopify-Topic", true, "The webhook topic, e.g. orders/fulfilled");
            header(operation, "X-Shopify-Webhook-Id", true, "The delivery's id; a repeated id is applied once");
        }
        operation.setDescription(path.startsWith("/webhooks/shopify-store/")
                ? "Signed by the retailer's own Shopify store with its webhook secret instead of an API key: the"
                + " signature is checked before the body is parsed. orders/create is answered 200 once the order is"
                + " placed (the customer's data sealed first); the same shop order always makes one order."
                + " orders/cancelled cancels it as the storefront would."
                : "Signed by the supplier instead of an API key: the signature is checked before the"
                + " body is parsed. A delivery is answered 200 only once it is logged (Kafka); it is applied once,"
                + " however often it is sent.");
        operation.setRequestBody(new io.swagger.v3.oas.models.parameters.RequestBody().required(true)
                .description(partner ? "The partner's report (order accepted, rejected, fulfilled, shipped, delivered,"
                        + " or stock levels), as JSON" : "The Shopify webhook payload for its topic, as JSON")
                .content(new Content().addMediaType("application/json",
                        new MediaType().schema(new ObjectSchema().additionalProperties(true)))));
    }

    private static void header(Operation operation, String name, boolean required, String description) {
        if (hasHeader(operation, name)) {
            return;
        }
        operation.addParametersItem(new Parameter().in("header").name(name).required(required)
                .description(description).schema(new StringSchema()));
    }

    static Schema<?> problemSchema() {
        var schema = new ObjectSchema()
                .description("An RFC 9457 problem document. Extension members (for example `requiredScopes`, "
                        + "`errors`) may follow at the top level.")
                .addProperty("type", new StringSchema().description("A URI naming the kind of problem; absent means "
                        + "about:blank"))
                .addProperty("title", new StringSchema().description("The HTTP status in words"))
                .addProperty("status", new IntegerSchema().description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong with this request, for people"))
                .addProperty("instance", new StringSchema().description("The request path"));
        schema.setRequired(List.of("title", "status"));
        schema.setAdditionalProperties(true);
        schema.setExample(Map.of("title", "Bad Request", "status", 400,
                "detail", "lines[0].quantity must be a whole number of at least 1", "instance", "/api/v1/orders"));
        return schema;
    }

    /** "placeOrder" reads "Place order" where the controller gave no summary. */
    static void summarise(Operation operation) {
        if (operation.getSummary() != null || operation.getOperationId() == null) {
            return;
        }
        var id = operation.getOperationId().replaceAll("_\\d+$", "");
        var words = id.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        operation.setSummary(Character.toUpperCase(words.charAt(0)) + words.substring(1));
    }

    /**
     * What a handler's Java type cannot tell: the idempotent commands answer from a stored response (bytes), with 201
     * or 202 and a Location; streams are server-sent events; the audit export is NDJSON; the tracking page is HTML.
     */
    private static void successes(String path, PathItem.HttpMethod method, Operation operation) {
        var responses = operation.getResponses();
        if (responses == null) {
            return;
        }
        var key = method + " " + path;
        if (key.equals("POST /api/v1/orders")) {
            created(responses, "201", "Placed (or the same answer again for a repeated Idempotency-Key)",
                    new ObjectSchema()
                            .addProperty("orderId", new StringSchema())
                            .addProperty("status", new StringSchema().example("PLACED"))
                            .addProperty("trackingUrl", new StringSchema().format("uri")));
        } else if (key.equals("POST /api/v1/orders/{orderId}/cancellation")) {
            created(responses, "202", "Cancellation requested; the order view shows what was cancelled",
                    new ObjectSchema()
                            .addProperty("orderId", new StringSchema())
                            .addProperty("status", new StringSchema().example("CANCELLATION_REQUESTED"))
                            .addProperty("order", new StringSchema().description("The order's path")));
        } else if (hasHeader(operation, "Idempotency-Key") && storedBytes(responses.get("200"))) {
            // another command answered from its idempotency record (202 Accepted, as the order actions are)
            created(responses, "202", "Accepted (or the same answer again for a repeated Idempotency-Key)",
                    new ObjectSchema().additionalProperties(true));
        }
        responses.forEach((code, response) -> {
            if (!code.startsWith("2") || response.getContent() == null) {
                return;
            }
            var replaced = new Content();
            response.getContent().forEach((type, media) -> {
                var schema = media.getSchema();
                var items = schema == null ? null : schema.getItems();
                var itemRef = items == null || items.get$ref() == null ? "" : items.get$ref();
                if (itemRef.contains("ServerSentEvent")) {
                    var of = itemRef.substring(itemRef.lastIndexOf('/') + 1).replaceFirst("^ServerSentEvent", "");
                    replaced.addMediaType("text/event-stream", new MediaType().schema(new StringSchema()
                            .description("Server-sent events; each event's data is one " + of + " as JSON")));
                } else if (itemRef.endsWith("/DataBuffer")) {
                    replaced.addMediaType("application/x-ndjson", new MediaType().schema(new StringSchema()
                            .description("One AuditEvent as JSON per line")));
                } else if (path.startsWith("/track/") && !path.endsWith("/updates")) {
                    replaced.addMediaType("text/html", new MediaType().schema(new StringSchema()));
                } else if (path.equals("/console")) {
                    replaced.addMediaType("text/html", new MediaType().schema(new StringSchema()));
                } else if (path.equals("/console/{asset}")) {
                    replaced.addMediaType("text/javascript", new MediaType().schema(new StringSchema()));
                    replaced.addMediaType("text/css", new MediaType().schema(new StringSchema()));
                } else {
                    replaced.addMediaType(type, media);
                }
            });
            response.setContent(replaced);
        });
    }

    /** A handler that answers the bytes of a stored response: springdoc sees only {@code byte[]}. */
    private static boolean storedBytes(ApiResponse response) {
        return response != null && response.getContent() != null && response.getContent().values().stream()
                .anyMatch(media -> media.getSchema() != null && "byte".equals(media.getSchema().getFormat()));
    }

    private static void created(ApiResponses responses, String code, String description, Schema<?> body) {
        responses.remove("200");
        responses.addApiResponse(code, new ApiResponse().description(description)
                .addHeaderObject("Location", new io.swagger.v3.oas.models.headers.Header()
                        .description("The order's path").schema(new StringSchema()))
                .content(new Content().addMediaType("application/json", new MediaType().schema(body))));
    }

    private static void answers(String path, PathItem.HttpMethod method, Operation operation) {
        var responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (hasInput) {
            problem(responses, "400", "Malformed, wrongly typed or invalid input");
        }
        if (path.contains("{")) {
            problem(responses, "404", "Not found (or not this retailer's)");
        }
        if (operation.getRequestBody() != null) {
            problem(responses, "413", "The body is larger than allowed");
            problem(responses, "415", "The body is not JSON");
        }
        if (hasHeader(operation, "Idempotency-Key")) {
            problem(responses, "409", "A request with this Idempotency-Key is still being processed; Retry-After says"
                    + " when a retry with the same key gets its answer or, had it been cut off, takes the key over");
            problem(responses, "422", "This Idempotency-Key was already used with a different body");
        }
        if (method == PathItem.HttpMethod.POST && path.equals("/api/v1/platform/retailers")) {
            problem(responses, "409", "A retailer of that id exists already");
        }
        if (method == PathItem.HttpMethod.POST && path.endsWith("/keys/{keyId}/rotation")) {
            problem(responses, "409", "The bootstrap platform key changes with ORDERFLOW_PLATFORM_KEY only");
        }
        if (path.startsWith("/webhooks/")) {
            problem(responses, "401", "The signature is missing, wrong or too old");
            problem(responses, "503", "The delivery could not be logged; the supplier retries");
        } else if ((path.startsWith("/api/") && !path.startsWith("/api/v1/tracking/"))
                || (path.startsWith("/actuator/") && !path.startsWith("/actuator/health"))) {
            problem(responses, "401", "No API key, or an unknown one");
            problem(responses, "403", "The API key lacks the scope this operation needs");
            problem(responses, "503", "Authentication or a store is briefly unavailable; retry");
        }
        if (responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
            problem(responses, "400", "Malformed input");
        }
    }

    private static boolean hasHeader(Operation operation, String name) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "header".equals(p.getIn()) && name.equalsIgnoreCase(p.getName()));
    }

    private static void problem(ApiResponses responses, String code, String description) {
        var existing = responses.get(code);
        var content = new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
        if (existing == null) {
            responses.addApiResponse(code, new ApiResponse().description(description).content(content));
        } else if (existing.getContent() == null || existing.getContent().isEmpty()
                || existing.getContent().keySet().stream().allMatch(type -> type.equals("*/*"))) {
            existing.setContent(content);
        }
    }

    private static void examples(String path, PathItem.HttpMethod method, Operation operation) {
        if (method != PathItem.HttpMethod.POST || !path.equals("/api/v1/orders") || operation.getRequestBody() == null
                || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().forEach((type, media) -> media.setExamples(new LinkedHashMap<>(Map.of(
                "mug", new Example().summary("One mug to Berlin").value(ORDER_EXAMPLE)))));
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if ("Idempotency-Key".equalsIgnoreCase(parameter.getName())) {
                    parameter.setExample("8b1d0a53-7c2e-4d9a-9f51-3f0b6c2f8e11");
                }
            }
        }
    }

    static final Map<String, Object> ORDER_EXAMPLE = orderExample();

    private static Map<String, Object> orderExample() {
        var order = new LinkedHashMap<String, Object>();
        order.put("externalOrderId", "shop-1001");
        order.put("currency", "EUR");
        order.put("customer", Map.of("name", "Ana Example", "email", "ana@example.org", "phone", "+49 30 1234567"));
        var shipTo = new LinkedHashMap<String, Object>();
        shipTo.put("name", "Ana Example");
        shipTo.put("line1", "Hauptstraße 1");
        shipTo.put("city", "Berlin");
        shipTo.put("region", "BE");
        shipTo.put("postalCode", "10115");
        shipTo.put("country", "DE");
        shipTo.put("latitude", 52.52);
        shipTo.put("longitude", 13.40);
        order.put("shipTo", shipTo);
        order.put("lines", List.of(Map.of("lineId", "L1", "sku", "MUG-LOGO", "quantity", 2, "unitPrice", 19.90)));
        order.put("channel", "web");
        return order;
    }
}
