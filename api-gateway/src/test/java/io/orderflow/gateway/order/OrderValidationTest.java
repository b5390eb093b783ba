package io.orderflow.gateway.order;

import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.gateway.GatewayTestSupport;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class OrderValidationTest extends GatewayTestSupport {

    @Test
    void invalidFieldsAre400WithTheFieldsNamed() {
        String body = """
                {"externalOrderId": "", "currency": "euro",
                 "customer": {"name": "Ada", "email": "not-an-email"},
                 "shipTo": {"name": "Ada", "line1": "1 Road", "city": "London", "country": "GBR", "latitude": 123},
                 "lines": [{"lineId": "1", "sku": "S", "quantity": 0, "unitPrice": -1}]}""";

        var fields = fieldsOf(post(body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Correlation-Id"));

        assertThat(fields).contains("externalOrderId", "currency", "customer.email", "shipTo.country",
                "shipTo.latitude", "lines[0].quantity", "lines[0].unitPrice");
        verify(commands, never()).send(any());
    }

    @Test
    void theProblemNamesFieldsButNeverEchoesValues() {
        String body = OrderBodies.valid("ext-1").replace("ada@example.com", "ada-at-example");
        post(body).expectStatus().isBadRequest()
                .expectBody(String.class).value(problem -> assertThat(problem).doesNotContain("ada-at-example"));
    }

    @Test
    void aFractionalQuantityIsRefusedNotTruncated() {
        var fields = fieldsOf(post(OrderBodies.withLines("ext-1",
                "[{\"lineId\": \"1\", \"sku\": \"S\", \"quantity\": 1.5, \"unitPrice\": 1}]")).expectStatus().isBadRequest());
        assertThat(fields).containsExactly("lines[0].quantity");
    }

    @Test
    void moreThan100LinesAre400() {
        String lines = IntStream.rangeClosed(1, 101)
                .mapToObj(i -> "{\"lineId\": \"" + i + "\", \"sku\": \"S\", \"quantity\": 1, \"unitPrice\": 1}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(fieldsOf(post(OrderBodies.withLines("ext-1", lines)).expectStatus().isBadRequest()))
                .containsExactly("lines");
    }

    @Test
    void noLinesAre400() {
        assertThat(fieldsOf(post(OrderBodies.withLines("ext-1", "[]")).expectStatus().isBadRequest()))
                .containsExactly("lines");
    }

    @Test
    void aValueOfTheWrongTypeIs400NamingTheField() {
        var fields = fieldsOf(post(OrderBodies.withLines("ext-1",
                "[{\"lineId\": \"1\", \"sku\": \"S\", \"quantity\": \"many\", \"unitPrice\": 1}]")).expectStatus().isBadRequest());
        assertThat(fields).containsExactly("lines[0].quantity");
    }

    @Test
    void aBadDateIs400() {
        post(OrderBodies.valid("ext-1").replace("2026-03-10", "next tuesday")).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(problem -> assertThat(problem)
                        .contains("promiseBy").doesNotContain("io.orderflow").doesNotContain("java."));
    }

    @Test
    void malformedJsonIs400() {
        post("{\"externalOrderId\": \"ext-1\", ").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.title").isEqualTo("Bad Request");
    }

    @Test
    void anEmptyBodyIs400() {
        web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A).header("Idempotency-Key", "k")
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anotherMediaTypeIs415() {
        web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A).header("Idempotency-Key", "k")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("hello")
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anOversizedBodyIs413() {
        String padding = "x".repeat(300 * 1024);
        post(OrderBodies.valid("ext-1").replace("\"web\"", "\"" + padding + "\""))
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void controlCharactersInAnyStringAre400NamingTheFieldNeverTheValue() {
        for (var spot : List.of(
                new String[] {"\"sku\": \"SKU-RED-M\"", "\"sku\": \"SKU\\u0000RED\"", "lines[0].sku"},
                new String[] {"\"lineId\": \"1\"", "\"lineId\": \"1\\u0007\"", "lines[0].lineId"},
                new String[] {"\"name\": \"Ada Lovelace\", \"email\"", "\"name\": \"Ada\\u0000Lovelace\", \"email\"",
                        "customer.name"},
                new String[] {"\"city\": \"London\"", "\"city\": \"Lon\\u0000don\"", "shipTo.city"},
                new String[] {"\"channel\": \"web\"", "\"channel\": \"w\\u009beb\"", "channel"},
                new String[] {"\"externalOrderId\": \"ext-1\"", "\"externalOrderId\": \"ext\\nline\"", "externalOrderId"},
                new String[] {"\"city\": \"London\"", "\"city\": \"\\ud800\"", "shipTo.city"})) {
            String body = OrderBodies.valid("ext-1").replace(spot[0], spot[1]);
            assertThat(body).as(spot[2]).isNotEqualTo(OrderBodies.valid("ext-1"));
            var response = post(body).expectStatus().isBadRequest();
            String problem = response.expectBody(String.class).returnResult().getResponseBody();
            assertThat(problem).as(spot[2]).contains("\"field\":\"" + spot[2] + "\"")
                    .contains("control characters").doesNotContain("Lovelace").doesNotContain("London");
        }
        verify(commands, never()).send(any());
    }

    @Test
    void jsonTypesAreTakenAsTheyAre() {
        assertThat(fieldsOf(post(OrderBodies.withLines("ext-1",
                "[{\"lineId\": \"1\", \"sku\": \"S\", \"quantity\": \"2\", \"unitPrice\": 1}]")).expectStatus().isBadRequest()))
                .containsExactly("lines[0].quantity");
        assertThat(fieldsOf(post(OrderBodies.withLines("ext-1",
                "[{\"lineId\": \"1\", \"sku\": \"S\", \"quantity\": 2, \"unitPrice\": \"1.5\"}]")).expectStatus().isBadRequest()))
                .containsExactly("lines[0].unitPrice");
        assertThat(fieldsOf(post(OrderBodies.withLines("ext-1",
                "[{\"lineId\": 1, \"sku\": \"S\", \"quantity\": 2, \"unitPrice\": 1}]")).expectStatus().isBadRequest()))
                .containsExactly("lines[0].lineId");
        assertThat(fieldsOf(post(OrderBodies.valid("ext-1").replace("\"2026-03-10\"", "123")).expectStatus().isBadRequest()))
                .containsExactly("promiseBy");
    }

    @Test
    void currenciesAndCountriesAreIsoCodesThatExist() {
        assertThat(fieldsOf(post(OrderBodies.valid("ext-1").replace("\"EUR\"", "\"XXX\"")).expectStatus().isBadRequest()))
                .containsExactly("currency");
        assertThat(fieldsOf(post(OrderBodies.valid("ext-1").replace("\"EUR\"", "\"ABC\"")).expectStatus().isBadRequest()))
                .containsExactly("currency");
        assertThat(fieldsOf(post(OrderBodies.valid("ext-1").replace("\"GB\"", "\"ZZ\"")).expectStatus().isBadRequest()))
                .containsExactly("shipTo.country");
    }

    @Test
    void promiseByLiesWithinItsWindow() {
        // the test clock stands at 2026-03-01
        for (String date : List.of("+999999999-12-31", "-999999999-01-01", "0000-01-01", "2025-02-27", "2031-03-02")) {
            assertThat(fieldsOf(post(OrderBodies.valid("ext-1").replace("2026-03-10", date)).expectStatus().isBadRequest()))
                    .as(date).containsExactly("promiseBy");
        }
        verify(commands, never()).send(any());
    }

    private WebTestClient.ResponseSpec post(String body) {
        return web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A).header("Idempotency-Key", "k")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    @SuppressWarnings("unchecked")
    private static List<String> fieldsOf(WebTestClient.ResponseSpec response) {
        Map<String, Object> problem = response.expectBody(Map.class).returnResult().getResponseBody();
        assertThat(problem).containsEntry("status", 400);
        return ((List<Map<String, String>>) problem.get("errors")).stream().map(error -> error.get("field")).toList();
    }
}
