package io.orderflow.gateway.admin;

import static io.orderflow.gateway.GatewayTestApplication.ADMIN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.supplier.FindSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.gateway.GatewayTestSupport;
import io.orderflow.gateway.TestCertificates;
import io.orderflow.gateway.port.ClientCertificate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The mutual TLS fields of a supplier: checked on write (PEM, key of the certificate, valid now) with a 400 naming the
 * field and never quoting the PEM, stored write-only, and described (subject, expiry, fingerprint) but never shown.
 * The test clock stands at 2026-03-01; the certificates are made by keytool for it.
 */
class SupplierClientCertificateTest extends GatewayTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TestCertificates.Authority ca;
    static TestCertificates.Issued valid;
    static TestCertificates.Issued expired;
    static TestCertificates.Issued rsa;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.authority("Partner Test CA");
        valid = ca.issue("orderflow-client", "2026/01/01", 3650, "EC");
        expired = ca.issue("orderflow-client", "2025/01/01", 30, "EC");
        rsa = ca.issue("orderflow-rsa-client", "2026/01/01", 3650, "RSA");
    }

    @BeforeEach
    void aKnownSupplierWithSecrets() {
        doReturn(Mono.just("retailer-a")).when(supplierOwners).ownerOf("acme");
        doReturn(Mono.just(true)).when(supplierSecrets).holdsSecretsOf("acme");
        doReturn(CompletableFuture.completedFuture(2)).when(commands).send(any());
        doReturn(Mono.empty()).when(supplierSecrets).storeClientCertificate(anyString(), any(), any(), any());
        doReturn(Mono.empty()).when(supplierSecrets).storeTrustedCa(anyString(), any());
    }

    @Test
    void aValidCertificateWithItsKeyAndACaAreStoredAndDescribedButNeverAnswered() {
        var body = put(supplier(valid.certificatePem(), valid.privateKeyPem(), ca.certificatePem()))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.clientCertificate.subject").isEqualTo("CN=orderflow-client")
                .jsonPath("$.clientCertificate.notAfter").exists()
                .jsonPath("$.clientCertificate.fingerprintSha256").value(String.class, fingerprint ->
                        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"))
                .jsonPath("$.clientCertificatePem").doesNotExist()
                .returnResult().getResponseBody();
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("BEGIN", pemBody(valid.privateKeyPem()));

        var described = ArgumentCaptor.forClass(ClientCertificate.class);
        verify(supplierSecrets).storeClientCertificate(eq("acme"), described.capture(), eq(valid.certificatePem()),
                eq(valid.privateKeyPem()));
        assertThat(described.getValue().subject()).isEqualTo("CN=orderflow-client");
        assertThat(described.getValue().notAfter()).isAfter(Instant.parse("2035-01-01T00:00:00Z"));
        verify(supplierSecrets).storeTrustedCa("acme", ca.certificatePem());
    }

    @Test
    void aPkcs1RsaKeyAsOpenSslWritesItIsTaken() {
        put(supplier(rsa.certificatePem(), pkcs1(rsa.privateKeyPem()), null)).expectStatus().isOk()
                .expectBody().jsonPath("$.clientCertificate.subject").isEqualTo("CN=orderflow-rsa-client");
        verify(supplierSecrets, never()).storeTrustedCa(anyString(), any());
    }

    @Test
    void somethingThatIsNoPemCertificateIsABadRequestNamingTheField() {
        assertRefused(supplier("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
                valid.privateKeyPem(), null), "clientCertificatePem", "is not a readable PEM certificate");
        assertRefused(supplier("hello", valid.privateKeyPem(), null), "clientCertificatePem", "holds no PEM certificate");
        assertRefused(supplier(valid.certificatePem(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                null), "clientKeyPem", "is not a readable");
        assertRefused(supplier(valid.certificatePem(), valid.privateKeyPem(), "no CA here"), "trustedCaPem",
                "holds no PEM certificate");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsABadRequest() {
        assertRefused(supplier(valid.certificatePem(), expired.privateKeyPem(), null), "clientKeyPem",
                "is not the private key of the certificate");
        assertRefused(supplier(valid.certificatePem(), rsa.privateKeyPem(), null), "clientKeyPem",
                "is not the private key of the certificate");
    }

    @Test
    void anExpiredCertificateIsABadRequest() {
        assertRefused(supplier(expired.certificatePem(), expired.privateKeyPem(), null), "clientCertificatePem",
                "has expired");
    }

    @Test
    void aCertificateWithoutItsKeyIsABadRequest() {
        assertRefused(supplier(valid.certificatePem(), null, null), "clientKeyPem", "set together");
    }

    @Test
    void onlyAPartnerRestSupplierPresentsAClientCertificate() {
        var body = (ObjectNode) JSON.readTree(supplier(valid.certificatePem(), valid.privateKeyPem(), null));
        ((ObjectNode) body.get("connector")).put("type", "SHOPIFY").put("shopDomain", "acme.myshopify.com");
        assertRefused(JSON.writeValueAsString(body), "clientCertificatePem", "only a PARTNER_REST connector");
    }

    @Test
    void emptyStringsRemoveTheCertificateAndTheCa() {
        put(supplier("", "", "")).expectStatus().isOk().expectBody().jsonPath("$.clientCertificate").doesNotExist();

        verify(supplierSecrets).storeClientCertificate(eq("acme"), isNull(), isNull(), isNull());
        verify(supplierSecrets).storeTrustedCa(eq("acme"), isNull());
    }

    @Test
    void theSuppliersReadShowsTheDescriptionOfItsCertificate() {
        var view = new SupplierView("acme", "retailer-a", 3, "Acme",
                new SupplierConnector("PARTNER_REST", "https://api.acme.example", null, null),
                List.of(new SupplierLocation("berlin", 52.52, 13.405, "DE", "BE")), List.of("DE"), 1,
                Duration.ofMinutes(30), 100, 1, true, 2, Instant.parse("2026-03-01T10:00:00Z"));
        doReturn(CompletableFuture.completedFuture(Optional.of(view)))
                .when(queries).query(any(FindSupplierQuery.class), any(ResponseType.class));
        doReturn(Mono.just(new ClientCertificate("CN=orderflow-client", Instant.parse("2036-01-01T00:00:00Z"),
                "AB:CD"))).when(supplierSecrets).clientCertificateOf("acme");

        web.get().uri("/api/v1/suppliers/acme").header("X-Api-Key", ADMIN_A).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.clientCertificate.subject").isEqualTo("CN=orderflow-client")
                .jsonPath("$.clientCertificate.notAfter").isEqualTo("2036-01-01T00:00:00Z")
                .jsonPath("$.clientCertificate.fingerprintSha256").isEqualTo("AB:CD");
    }

    private void assertRefused(String body, String field, String message) {
        put(body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(problem -> {
                    var errors = JSON.readTree(problem).path("errors");
                    assertThat(errors).anySatisfy(error -> {
                        assertThat(error.path("field").asString()).isEqualTo(field);
                        assertThat(error.path("message").asString()).contains(message);
                    });
                    assertThat(problem).doesNotContain("-----END", pemBody(valid.privateKeyPem()),
                            pemBody(expired.privateKeyPem()), pemBody(valid.certificatePem()));
                });
        verify(commands, never()).send(any());
        verify(supplierSecrets, never()).storeClientCertificate(anyString(), any(), any(), any());
    }

    private WebTestClient.ResponseSpec put(String body) {
        return web.put().uri("/api/v1/suppliers/acme").header("X-Api-Key", ADMIN_A)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** An update of the supplier with these mutual TLS fields (null: left out). */
    private static String supplier(String certificatePem, String keyPem, String trustedCaPem) {
        var body = (ObjectNode) JSON.readTree("""
                {"name":"Acme Drop-Ship","connector":{"type":"PARTNER_REST","baseUrl":"https://api.acme.example/v1"},
                 "locations":[{"locationId":"berlin","latitude":52.52,"longitude":13.405,"country":"DE","region":"BE"}],
                 "shipsTo":["DE"],"handlingDays":1,"acceptanceSlaMinutes":30,"dailyCapacity":500,"priority":1,
                 "active":true}""");
        if (certificatePem != null) {
            body.put("clientCertificatePem", certificatePem);
        }
        if (keyPem != null) {
            body.put("clientKeyPem", keyPem);
        }
        if (trustedCaPem != null) {
            body.put("trustedCaPem", trustedCaPem);
        }
        return JSON.writeValueAsString(body);
    }

    /** A line of the PEM's base64, to look for where it must not be. */
    private static String pemBody(String pem) {
        return pem.lines().skip(1).findFirst().orElseThrow();
    }

    /** The PKCS#1 RSAPrivateKey inside a PKCS#8 one (its last element, an OCTET STRING), as OpenSSL writes it. */
    private static String pkcs1(String pkcs8Pem) {
        byte[] der = Base64.getMimeDecoder().decode(pkcs8Pem.replaceAll("-----[A-Z ]+-----", ""));
        int at = headerLength(der, 0);
        at = skip(der, at);
        at = skip(der, at);
        byte[] inner = Arrays.copyOfRange(der, at + headerLength(der, at), der.length);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(inner)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static int headerLength(byte[] der, int at) {
        int length = der[at + 1] & 0xFF;
        return length < 0x80 ? 2 : 2 + (length & 0x7F);
    }

    private static int skip(byte[] der, int at) {
        int length = der[at + 1] & 0xFF;
        int content = length;
        if (length >= 0x80) {
            content = 0;
            for (int i = 0; i < (length & 0x7F); i++) {
                content = (content << 8) | (der[at + 2 + i] & 0xFF);
            }
        }
        return at + headerLength(der, at) + content;
    }
}
