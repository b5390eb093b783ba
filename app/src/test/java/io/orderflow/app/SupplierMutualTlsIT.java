package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.sandbox.SandboxConfig;
import io.orderflow.sandbox.SupplierSandbox;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supplier mTLS over real TLS: the sandbox serves its partners on a second port that requires a client certificate
 * issued by the sandbox's CA. A partner registered with such a certificate takes orders; one presenting a certificate
 * of another CA, or one whose server certificate we do not trust, fails the submission at once (no retries), as a
 * permanent failure whose reason says why, and the order goes on without it.
 */
class SupplierMutualTlsIT extends AppIntegrationTestBase {

    private static final Set<String> ACCEPTED_OR_LATER = Set.of("ACCEPTED", "IN_FULFILLMENT", "SHIPPED", "DELIVERED");

    private static TestCertificates.Authority sandboxCa;
    private static TestCertificates.Issued ourCertificate;
    private static TestCertificates.Issued otherCasCertificate;
    private static URI mutualTlsUrl;

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    SandboxSuppliers sandbox;

    @BeforeEach
    void sandboxRequiringClientCertificates() {
        sandbox = new SandboxSuppliers(http(), demo, jdbc);
        synchronized (SupplierMutualTlsIT.class) {
            if (mutualTlsUrl == null) {
                sandboxCa = TestCertificates.authority("Sandbox Test CA");
                var server = sandboxCa.issue("localhost");
                ourCertificate = sandboxCa.issue("orderflow-client");
                otherCasCertificate = TestCertificates.authority("Another Test CA").issue("orderflow-client");
                mutualTlsUrl = demo.sandbox().serveMutualTls(new SandboxConfig.MutualTls(0, server.certificatePem(),
                        server.privateKeyPem(), sandboxCa.certificatePem()));
            }
        }
    }

    @Test
    void aPartnerReachedWithItsClientCertificateTakesTheOrder() {
        var partner = partner("mtls-good");
        sandbox.register(partner, withTls(partner, ourCertificate, sandboxCa.certificatePem()), Map.of("MTLS-OK", 5));

        var supplier = supplier("mtls-good");
        assertThat(supplier.path("clientCertificate").path("subject").asString()).isEqualTo("CN=orderflow-client");
        assertThat(supplier.path("clientCertificate").path("fingerprintSha256").asString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(supplier.toString()).doesNotContain("BEGIN", "clientKeyPem", "trustedCaPem");

        var orderId = place(orderBody(unique("mtls-ok"), "DE", Map.of("MTLS-OK", 1))).path("orderId").asString();

        var accepted = awaitStatus(STOREFRONT_KEY, orderId, ACCEPTED_OR_LATER::contains);
        assertThat(accepted.path("lines").path(0).path("supplierId").asString()).isEqualTo("mtls-good");
        assertThat(sandbox.orders("mtls-good")).anySatisfy(order ->
                assertThat(order.path("reference").asString()).startsWith(orderId));
    }

    @Test
    void aClientCertificateOfAnotherCaFailsTheSubmissionForGoodWithTheReason() {
        var partner = partner("mtls-wrong");
        sandbox.register(partner, withTls(partner, otherCasCertificate, sandboxCa.certificatePem()),
                Map.of("MTLS-WRONG", 5));

        var orderId = place(orderBody(unique("mtls-wrong"), "DE", Map.of("MTLS-WRONG", 1))).path("orderId").asString();

        var failure = awaitSubmissionFailure(orderId);
        assertThat(failure).contains("could not be sent to supplier mtls-wrong")
                .contains("permanent failure: TLS handshake with supplier mtls-wrong failed: client certificate rejected");
        assertThat(failure).doesNotContain("BEGIN", "attempts");
        // refused in the handshake: no retries, and the partner never saw the order
        assertThat(sandbox.events(new OrderId(orderId).value(), "SupplierOrderSubmissionFailedEvent")).isEqualTo(1);
        assertThat(sandbox.orders("mtls-wrong")).isEmpty();
        // nobody else sells it: the order goes on without mtls-wrong
        awaitStatus(STOREFRONT_KEY, orderId, status -> status.equals("BACKORDERED") || status.equals("ON_HOLD"));
    }

    @Test
    void aServerCertificateWeDoNotTrustFailsTheSubmissionForGoodWithTheReason() {
        var partner = partner("mtls-untrusted");
        // the sandbox CA is not among the JVM's trusted CAs, and no trustedCaPem says to trust it
        sandbox.register(partner, withTls(partner, ourCertificate, null), Map.of("MTLS-UNTRUSTED", 5));

        var orderId = place(orderBody(unique("mtls-untrusted"), "DE", Map.of("MTLS-UNTRUSTED", 1)))
                .path("orderId").asString();

        assertThat(awaitSubmissionFailure(orderId))
                .contains("TLS handshake with supplier mtls-untrusted failed: server certificate not trusted");
        assertThat(sandbox.orders("mtls-untrusted")).isEmpty();
    }

    private SandboxSuppliers.Partner partner(String id) {
        return sandbox.partner(id).reachedAt(SupplierSandbox.partnerBaseUrl(mutualTlsUrl, id).toString());
    }

    private static String withTls(SandboxSuppliers.Partner partner, TestCertificates.Issued certificate,
                                  String trustedCaPem) {
        var body = (ObjectNode) JSON.readTree(partner.json());
        body.put("clientCertificatePem", certificate.certificatePem());
        body.put("clientKeyPem", certificate.privateKeyPem());
        if (trustedCaPem != null) {
            body.put("trustedCaPem", trustedCaPem);
        }
        return JSON.writeValueAsString(body);
    }

    private tools.jackson.databind.JsonNode supplier(String id) {
        return JSON.readTree(http().get().uri("/api/v1/suppliers/{id}", id)
                .header("X-Api-Key", SandboxSuppliers.ADMIN_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    /** The timeline's sentence about the failed submission, once there is one. */
    private String awaitSubmissionFailure(String orderId) {
        var texts = new ArrayList<String>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            texts.clear();
            var timeline = http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                    .header("X-Api-Key", STOREFRONT_KEY).exchange().expectBody(String.class).returnResult();
            if (!timeline.getStatus().is2xxSuccessful()) {
                // the timeline follows the order within moments
                return false;
            }
            JSON.readTree(timeline.getResponseBody()).forEach(entry -> texts.add(entry.path("text").asString()));
            return texts.stream().anyMatch(text -> text.contains("could not be sent"));
        });
        List<String> failures = texts.stream().filter(text -> text.contains("could not be sent")).toList();
        return failures.getFirst();
    }
}
