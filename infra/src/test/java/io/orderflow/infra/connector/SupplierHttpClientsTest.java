package io.orderflow.infra.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.client.ResourceAccessException;

class SupplierHttpClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Two real CA certificates, PEM: the JVM's own trusted ones. */
    static List<String> cas = new ArrayList<>();

    final SupplierHttpClients clients = new SupplierHttpClients(
            new StaticListableBeanFactory().getBeanProvider(ObservationRegistry.class));

    @BeforeAll
    static void someCaCertificates() throws Exception {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security",
                "cacerts"))) {
            store.load(in, null);
        }
        for (String alias : Collections.list(store.aliases())) {
            if (cas.size() < 2 && store.isCertificateEntry(alias)) {
                cas.add("-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder().encodeToString(store.getCertificate(alias).getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
            }
        }
    }

    @Test
    void requestBodiesAreWrittenWithoutStartingAPlatformThreadPerRequest() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/orders", exchange -> {
            var body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var rest = clients.forSupplier("a", null, TIMEOUT);
            var uri = java.net.URI.create("http://localhost:" + server.getAddress().getPort() + "/orders");
            Runnable post = () -> assertThat(rest.post().uri(uri).body("{\"po\":1}").retrieve().body(String.class))
                    .isEqualTo("{\"po\":1}");
            for (int i = 0; i < 3; i++) {
                post.run();
            }
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long startedBefore = threads.getTotalStartedThreadCount();
            for (int i = 0; i < 30; i++) {
                post.run();
            }
            // Spring's default started one for every request with a body; the client's own pool may add a few
            assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(10);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void suppliersWithoutTlsMaterialShareOneClient() {
        assertThat(clients.forSupplier("a", null, TIMEOUT)).isSameAs(clients.forSupplier("b", null, TIMEOUT));
    }

    @Test
    void aSuppliersClientIsBuiltOnceAndAgainWhenItsMaterialChanges() {
        var first = clients.forSupplier("a", new SupplierTls(null, null, cas.get(0)), TIMEOUT);

        assertThat(clients.forSupplier("a", new SupplierTls(null, null, cas.get(0)), TIMEOUT)).isSameAs(first);
        assertThat(clients.forSupplier("b", new SupplierTls(null, null, cas.get(0)), TIMEOUT)).isNotSameAs(first);
        var rotated = clients.forSupplier("a", new SupplierTls(null, null, cas.get(1)), TIMEOUT);
        assertThat(rotated).isNotSameAs(first).isNotSameAs(clients.forSupplier("a", null, TIMEOUT));
        assertThat(clients.forSupplier("a", new SupplierTls(null, null, cas.get(1)), TIMEOUT)).isSameAs(rotated);
    }

    @Test
    void materialThatMakesNoSslContextIsAPermanentFailureThatQuotesNoPem() {
        assertThatThrownBy(() -> clients.forSupplier("a", new SupplierTls("not a pem", "secret-key-text", null), TIMEOUT))
                .isInstanceOfSatisfying(SupplierCallException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(SupplierCallException.Kind.PERMANENT);
                    assertThat(failure.getMessage()).contains("mutual TLS material of supplier a is unusable")
                            .doesNotContain("not a pem", "secret-key-text");
                });
    }

    @Test
    void aRefusedClientCertificateIsPermanentWithTheAlert() {
        var failure = SupplierHttpClients.tlsFailure("acme", new ResourceAccessException("I/O error",
                new SSLHandshakeException("Received fatal alert: certificate_required")));

        assertThat(failure).get().satisfies(call -> {
            assertThat(call.kind()).isEqualTo(SupplierCallException.Kind.PERMANENT);
            assertThat(call.getMessage()).isEqualTo(
                    "TLS handshake with supplier acme failed: client certificate rejected (certificate_required)");
        });
    }

    @Test
    void anUntrustedServerCertificateIsPermanent() {
        var handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException("unable to find valid certification path"));

        assertThat(SupplierHttpClients.tlsFailure("acme", new ResourceAccessException("I/O error", handshake)))
                .get().extracting(Throwable::getMessage)
                .isEqualTo("TLS handshake with supplier acme failed: server certificate not trusted");
    }

    @Test
    void aHandshakeCutOffOrAConnectionRefusedMayPassOnARetry() {
        assertThat(SupplierHttpClients.tlsFailure("acme", new ResourceAccessException("I/O error",
                new SSLHandshakeException("Remote host terminated the handshake")))).isEmpty();
        assertThat(SupplierHttpClients.tlsFailure("acme", new ResourceAccessException("I/O error",
                new ConnectException("Connection refused")))).isEmpty();
    }
}
