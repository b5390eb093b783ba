package io.orderflow.app;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payment references (issue 13, item 6), end to end: an order carries the payment provider's reference into its
 * events and its view; a card number in any field is refused with a 400 that does not quote it, and is found
 * afterwards in no event, idempotency record, read model or log line.
 */
class PaymentReferenceIT extends AppIntegrationTestBase {

    static final String VISA = "4111111111111111";
    static final String VISA_TYPED = "4111 1111 1111 1111";
    static final String MASTERCARD = "5555-5555-5555-4444";
    static final String AMEX = "378282246310005";

    @Autowired
    JdbcTemplate jdbc;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void watchTheLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void stopWatching() {
        root().detachAppender(logs);
        logs.stop();
    }

    @Test
    void anOrderCarriesItsPaymentReferenceIntoItsEventsAndItsView() {
        String reference = "pi_" + UUID.randomUUID().toString().replace("-", "");
        String orderId = place(withPaymentReference(orderBody(unique("pay"), "DE", Map.of("MUG-LOGO", 1)), reference))
                .path("orderId").asString();

        var view = awaitView(orderId, v -> v.hasNonNull("paymentReference"), Duration.ofSeconds(30));
        assertThat(view.path("paymentReference").asString()).isEqualTo(reference);
        assertThat(eventsHolding(reference)).isPositive();
    }

    @Test
    void aCardNumberInAnyFieldIsRefusedAndStoredOrLoggedNowhere() {
        String byName = unique("card-name");
        refused(placeWith(byName, orderBody(byName, "DE", Map.of("MUG-LOGO", 1))
                .replace("\"name\":\"Ana Example\",\"email\"", "\"name\":\"" + VISA_TYPED + "\",\"email\"")),
                "customer.name");
        String byAddress = unique("card-address");
        refused(placeWith(byAddress, orderBody(byAddress, "DE", Map.of("MUG-LOGO", 1))
                .replace("Hauptstraße 1", "Hauptstraße 1, pay with " + MASTERCARD)), "shipTo.line1");
        String byReference = unique("card-reference");
        refused(placeWith(byReference, withPaymentReference(orderBody(byReference, "DE", Map.of("MUG-LOGO", 1)), VISA)),
                "paymentReference");
        String byExternalId = AMEX;
        refused(placeWith(unique("card-external-id"), orderBody(byExternalId, "DE", Map.of("MUG-LOGO", 1))),
                "externalOrderId");
        refused(http().post().uri("/api/v1/orders").header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", VISA_TYPED).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(orderBody(unique("card-key"), "DE", Map.of("MUG-LOGO", 1))).exchange(), "Idempotency-Key");
        refused(http().get().uri("/api/v1/orders/{id}", VISA).header("X-Api-Key", STOREFRONT_KEY).exchange(), "path");

        var retailer = new RetailerId("demo-retailer");
        for (String external : List.of(byName, byAddress, byReference, byExternalId)) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                    Long.class, OrderId.of(retailer, external).value())).as("events of %s", external).isZero();
        }
        for (String number : List.of(VISA, VISA_TYPED, "4111-1111-1111-1111", MASTERCARD, "5555555555554444", AMEX)) {
            assertThat(eventsHolding(number)).as("events holding a card number").isZero();
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM idempotency_record
                     WHERE position(? IN idem_key) > 0 OR position(? IN coalesce(response_body, '')) > 0""",
                    Long.class, number, number)).as("idempotency records holding a card number").isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM order_view WHERE position(? IN view::text) > 0",
                    Long.class, number)).as("order views holding a card number").isZero();
            assertThat(logs.list).as("log lines").noneSatisfy(event -> assertThat(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
                    .contains(number));
        }
    }

    private long eventsHolding(String text) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM domainevententry
                 WHERE position(? IN convert_from(payload, 'UTF8')) > 0
                    OR position(? IN convert_from(coalesce(metadata, ''::bytea), 'UTF8')) > 0""",
                Long.class, text, text);
    }

    private static void refused(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("\"field\":\"" + field + "\"", "card number")
                        .doesNotContain(VISA, "4111 1111", "4111-1111", "5555", AMEX));
    }

    private WebTestClient.ResponseSpec placeWith(String idempotencyKey, String body) {
        return http().post().uri("/api/v1/orders").header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", idempotencyKey).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    private static String withPaymentReference(String body, String reference) {
        return body.substring(0, body.lastIndexOf('}')) + ",\"paymentReference\":\"" + reference + "\"}";
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
