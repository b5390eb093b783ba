package io.orderflow.app;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery problems as everyone sees them (order view, timeline, exceptions list, the customer's inbox on a real SMTP
 * server), the integration events as a consumer outside the JVM reads them (kcat), checked against the CloudEvents
 * rules, and notifications that are sent once even when every integration event is delivered again.
 */
class OrderEventsAndNotificationsIT extends SplitShipmentTestBase {

    static final String TOPIC = "orderflow.order-events";
    static final String NOTIFICATIONS_GROUP = "orderflow-customer-notifications";

    @Autowired
    ApplicationContext context;

    @Test
    void delayFailedDeliveryAndReturnShowEverywhereAndMailTheCustomer() throws Exception {
        var email = unique("ana") + "@example.org";
        var order = placeSplitOrder(email);

        ship(order, A, false, null, pkgWithDetail("1", Map.of("L1", 2), "storm in the hub", "FULFILLED", "TRACKED",
                "DELAYED"));
        ship(order, A, false, null, pkgWithDetail("2", Map.of("L2", 1), "address not found", "FULFILLED", "TRACKED",
                "DELIVERY_FAILED", "RETURNED"));
        ship(order, B, false, null, pkgWithDetail("1", Map.of("L3", 3), "nobody home", "FULFILLED", "TRACKED",
                "ATTEMPTED_DELIVERY", "DELIVERED"));

        var view = awaitView(order.id(), v -> shipment(v, A, "L1").path("status").asString().equals("DELAYED")
                && shipment(v, A, "L2").path("status").asString().equals("RETURNED")
                && shipment(v, B, "L3").path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        assertThat(lineStates(view)).isEqualTo(Map.of("L1", "SHIPPED", "L2", "IN_FULFILLMENT", "L3", "DELIVERED"));
        assertThat(view.path("status").asString()).isEqualTo("IN_FULFILLMENT");
        assertThat(line(view, "L2").path("returned").asInt()).isEqualTo(1);

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(timelineTexts(order.id()))
                .anySatisfy(t -> assertThat(t).contains("is delayed (storm in the hub)"))
                .anySatisfy(t -> assertThat(t).contains("could not be delivered (address not found)"))
                .anySatisfy(t -> assertThat(t).contains("is being returned"))
                .anySatisfy(t -> assertThat(t).contains("will try again")));

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var exceptions = exceptions();
            var problems = new ArrayList<String>();
            exceptions.forEach(e -> {
                if (e.path("orderId").asString().equals(order.id())) {
                    problems.add(e.path("reason").asString());
                }
            });
            assertThat(problems).contains("SHIPMENT_DELAYED", "DELIVERY_FAILED", "SHIPMENT_RETURNED");
        });

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(subjects(email))
                .containsExactlyInAnyOrder(
                        "Your order is confirmed",
                        "Your package is on its way", "Your package is on its way", "Your package is on its way",
                        "Your package is delayed",
                        "Your package could not be delivered",
                        "Your package is going back",
                        "We missed you",
                        "Your package was delivered"));
        var delayed = mailTo(email, "Your package is delayed");
        assertThat(delayed.getContent().toString()).contains("storm in the hub").startsWith("Hello Ana Example,");
        var shipped = mailTo(email, "Your package is on its way");
        assertThat(shipped.getContent().toString()).contains("https://tracking.example/");
        assertThat(shipped.getSubject()).contains("(order backflow-");
    }

    @Test
    void anOutsideConsumerReadsValidCloudEvents() throws Exception {
        Assumptions.assumeTrue(kcatInstalled(), "kcat is not installed (Debian: apt-get install -y kcat)");
        var order = placeSplitOrder();
        ship(order, A, false, null, pkg("1", Map.of("L1", 2), "FULFILLED", "TRACKED", "DELIVERED"),
                pkg("2", Map.of("L2", 1), "FULFILLED", "TRACKED", "DELIVERED"));
        ship(order, B, false, null, pkg("1", Map.of("L3", 3), "FULFILLED", "TRACKED", "IN_TRANSIT", "DELIVERED"));
        awaitView(order.id(), v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));

        var expected = List.of("io.orderflow.order.placed.v1", "io.orderflow.order.supplier-order-accepted.v1",
                "io.orderflow.order.fulfillment-created.v1", "io.orderflow.order.shipment-tracked.v1",
                "io.orderflow.order.shipment-status-changed.v1", "io.orderflow.order.shipment-delivered.v1",
                "io.orderflow.order.completed.v1");
        var events = new ArrayList<KcatRecord>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            events.clear();
            events.addAll(kcat().stream().filter(r -> order.id().equals(r.key())).toList());
            assertThat(events).extracting(r -> r.headers().get("ce_type")).containsAll(expected);
            assertThat(events.stream().filter(r -> r.headers().get("ce_type").endsWith("completed.v1"))).hasSize(1);
        });

        var ids = new HashSet<String>();
        for (KcatRecord event : events) {
            validateCloudEvent(event);
            assertThat(ids.add(event.headers().get("ce_id"))).as("ce_id is unique per event").isTrue();
            assertThat(event.headers().get("ce_subject")).isEqualTo(order.id());
            var data = JSON.readTree(event.value());
            assertThat(data.path("orderId").asString()).isEqualTo(order.id());
            // no personal data: not the customer's name, e-mail, phone or street
            assertThat(event.value()).doesNotContain("Ana", "example.org", "1234567", "Hauptstraße");
        }
        // ce_id is the stored event's own id
        var storedIds = jdbc.queryForList("SELECT eventidentifier FROM domainevententry WHERE aggregateidentifier = ?",
                String.class, order.id());
        assertThat(storedIds).containsAll(ids);
        // an order's events keep their order on the topic: placed first, completed last
        assertThat(events.getFirst().headers().get("ce_type")).isEqualTo("io.orderflow.order.placed.v1");
        assertThat(events.getLast().headers().get("ce_type")).isEqualTo("io.orderflow.order.completed.v1");
    }

    @Test
    void anOrderWithoutEmailConsentGetsNoEmail() {
        var email = unique("no-consent") + "@example.org";
        var body = orderBody(unique("no-consent"), "DE", Map.of("MUG-LOGO", 1))
                .replace("ana@example.org", email).replace("\"email\":true", "\"email\":false");
        String orderId = place(body).path("orderId").asString();

        // the confirmation was considered (and recorded, so it is not considered again), but not sent
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM sent_notification WHERE order_id = ?", Long.class, orderId) > 0);
        assertThat(MAIL.getReceivedMessagesForDomain(email)).isEmpty();
    }

    @Test
    void redeliveredIntegrationEventsSendNoSecondEmail() throws Exception {
        var email = unique("redelivery") + "@example.org";
        var order = placeSplitOrder(email);
        ship(order, A, false, null, pkg("1", Map.of("L1", 2, "L2", 1), "FULFILLED", "TRACKED", "DELIVERED"));
        ship(order, B, false, null, pkg("1", Map.of("L3", 3), "FULFILLED", "TRACKED", "DELIVERED"));
        awaitView(order.id(), v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(subjects(email)).hasSize(5));
        int everyMailBefore = MAIL.getReceivedMessages().length;

        // reset the notification consumer group to the start of the topic: every integration event comes again
        var notifications = context.getBean("customerNotifications", SmartLifecycle.class);
        notifications.stop();
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            var partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC)
                    .partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            var toStart = new HashMap<TopicPartition, OffsetAndMetadata>();
            partitions.forEach(p -> toStart.put(p, new OffsetAndMetadata(0)));
            // the stopped consumer leaves its group a moment later; until then the group refuses the reset
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(NOTIFICATIONS_GROUP, toStart).all().get(10, TimeUnit.SECONDS);
                return true;
            });
            var committed = admin.listConsumerGroupOffsets(NOTIFICATIONS_GROUP).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            assertThat(committed.values()).allSatisfy(o -> assertThat(o.offset()).isZero());

            notifications.start();
            var ends = new HashMap<TopicPartition, OffsetSpec>();
            partitions.forEach(p -> ends.put(p, OffsetSpec.latest()));
            var latest = admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
            // the consumer has read everything again...
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var now = admin.listConsumerGroupOffsets(NOTIFICATIONS_GROUP).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                return partitions.stream().allMatch(p -> now.get(p) != null
                        && now.get(p).offset() >= latest.get(p).offset());
            });
        } finally {
            if (!notifications.isRunning()) {
                notifications.start();
            }
        }
        // ...and sent nothing a second time
        assertThat(subjects(email)).hasSize(5);
        assertThat(MAIL.getReceivedMessages()).hasSize(everyMailBefore);
    }

    @Test
    void deadlinesJoinTheExceptionsListOnceTheyAreClose() {
        var promised = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        var body = orderBody(unique("at-risk"), "DE", Map.of("BF-A1", 1))
                .replace("\"channel\":\"web\"", "\"promiseBy\":\"" + promised + "\",\"channel\":\"web\"");
        var orderId = place(body).path("orderId").asString();
        awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(), Duration.ofSeconds(30));

        // split-a accepts within 30 minutes (its SLA) and the promise is four days off: neither is close yet
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(reasons(orderId, "PT1H")).containsExactly("AWAITING_ACCEPTANCE"));
        assertThat(reasons(orderId, "PT1M")).isEmpty();
        assertThat(reasons(orderId, "P5D")).containsExactlyInAnyOrder("AWAITING_ACCEPTANCE", "PROMISE_DATE_AT_RISK");

        for (String bad : List.of("within=banana", "within=-PT1H", "within=P1000D", "limit=0", "limit=x")) {
            http().get().uri("/api/v1/exceptions?" + bad).header("X-Api-Key", STOREFRONT_KEY).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http().get().uri("/api/v1/exceptions").exchange().expectStatus().isUnauthorized();
    }

    List<String> reasons(String orderId, String within) {
        var reasons = new ArrayList<String>();
        JSON.readTree(http().get().uri("/api/v1/exceptions?within=" + within).header("X-Api-Key", STOREFRONT_KEY)
                        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .forEach(e -> {
                    if (e.path("orderId").asString().equals(orderId)) {
                        reasons.add(e.path("reason").asString());
                    }
                });
        return reasons;
    }

    // ---- CloudEvents 1.0, Kafka protocol binding, binary content mode

    static void validateCloudEvent(KcatRecord event) {
        var h = event.headers();
        assertThat(h.get("ce_specversion")).as("specversion").isEqualTo("1.0");
        for (String required : List.of("ce_id", "ce_source", "ce_type")) {
            assertThat(h.get(required)).as(required + " is required and non-empty").isNotBlank();
        }
        assertThat(URI.create(h.get("ce_source"))).as("source is a URI-reference").isNotNull();
        assertThat(h.get("ce_type")).matches("io\\.orderflow\\.order\\.[a-z-]+\\.v\\d+");
        assertThat(h.get("ce_subject")).isNotBlank();
        assertThat(OffsetDateTime.parse(h.get("ce_time"))).as("time is RFC 3339").isNotNull();
        // binary mode: the data's media type is the content-type header, not a ce_ attribute, and the value is the data
        assertThat(h.get("content-type")).isEqualTo("application/json");
        assertThat(h).doesNotContainKey("ce_datacontenttype");
        assertThat(h.get("content-type")).doesNotStartWith("application/cloudevents");
        h.keySet().stream().filter(k -> k.startsWith("ce_")).forEach(k ->
                assertThat(k.substring(3)).as("attribute names are lower-case letters and digits").matches("[a-z0-9]{1,20}"));
        assertThat(JSON.readTree(event.value()).isObject()).isTrue();
    }

    record KcatRecord(String key, Map<String, String> headers, String value) {
    }

    String bootstrap() {
        return environment.getRequiredProperty("orderflow.kafka.bootstrap");
    }

    static boolean kcatInstalled() {
        try {
            return new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException absent) {
            return false;
        }
    }

    /** Every record of the topic, read by kcat in its own process; one JSON object per record. */
    List<KcatRecord> kcat() throws Exception {
        var process = new ProcessBuilder("kcat", "-C", "-b", bootstrap(), "-t", TOPIC, "-o", "beginning", "-e", "-q",
                "-J").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        var records = new ArrayList<KcatRecord>();
        output.lines().filter(l -> !l.isBlank()).forEach(line -> {
            JsonNode record = JSON.readTree(line);
            var headers = new HashMap<String, String>();
            var list = record.path("headers");
            for (int i = 0; i + 1 < list.size(); i += 2) {
                headers.put(list.get(i).asString(), list.get(i + 1).asString());
            }
            records.add(new KcatRecord(record.path("key").asString(null), headers, record.path("payload").asString()));
        });
        return records;
    }

    // ---- reading the outcome

    JsonNode exceptions() {
        return JSON.readTree(http().get().uri("/api/v1/exceptions").header("X-Api-Key", STOREFRONT_KEY)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    List<String> timelineTexts(String orderId) {
        var timeline = JSON.readTree(http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        var texts = new ArrayList<String>();
        timeline.forEach(e -> texts.add(e.path("text").asString()));
        return texts;
    }

    static List<String> subjects(String email) throws Exception {
        var subjects = new ArrayList<String>();
        for (MimeMessage message : MAIL.getReceivedMessagesForDomain(email)) {
            if (message.getRecipients(Message.RecipientType.TO)[0].toString().equals(email)) {
                subjects.add(message.getSubject().replaceFirst(" \\(order [^)]+\\)$", ""));
            }
        }
        return subjects;
    }

    static MimeMessage mailTo(String email, String subject) throws Exception {
        for (MimeMessage message : MAIL.getReceivedMessagesForDomain(email)) {
            if (message.getSubject().startsWith(subject)) {
                return message;
            }
        }
        throw new AssertionError("no mail '" + subject + "' to the customer");
    }
}
