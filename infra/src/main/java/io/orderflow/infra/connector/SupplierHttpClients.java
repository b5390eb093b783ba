package io.orderflow.infra.connector;

import io.orderflow.coreapi.supplier.SupplierTlsPem;

import java.net.http.HttpClient;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The HTTP clients of the partner REST API. A supplier with mutual TLS material gets a client of its own, its SSL
 * context built from that material once and kept until the material changes (it is read with every call's
 * credentials, so a rotation through any node takes effect at the next call); every other supplier shares one.
 * Each client is observed, so that each call is a span of its trace and carries its traceparent.
 */
@Component
public class SupplierHttpClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Executor BODY_WRITERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("http-body-", 0).factory());
    /** TLS alerts by which a server refuses the client certificate presented (or missing). */
    private static final Set<String> CERTIFICATE_REFUSALS = Set.of("bad_certificate", "certificate_required",
            "certificate_unknown", "unknown_ca", "unsupported_certificate", "certificate_revoked",
            "certificate_expired", "access_denied");
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");

    private record Cached(String digest, HttpClient jdk, RestClient rest) {
    }

    private final ObservationRegistry observations;
    private final Map<Duration, RestClient> plain = new ConcurrentHashMap<>();
    private final Map<String, Cached> mutual = new ConcurrentHashMap<>();

    public SupplierHttpClients(ObjectProvider<ObservationRegistry> observations) {
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    /**
     * The client for calls to the supplier, each answer awaited at most {@code readTimeout}. Throws a permanent
     * {@link SupplierCallException} when its stored TLS material cannot make an SSL context.
     */
    public RestClient forSupplier(String supplierId, SupplierTls tls, Duration readTimeout) {
        if (tls == null) {
            return plain.computeIfAbsent(readTimeout, t -> rest(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .build(), t));
        }
        String digest = tls.digest();
        String key = supplierId + "|" + readTimeout;
        Cached cached = mutual.get(key);
        if (cached != null && cached.digest().equals(digest)) {
            return cached.rest();
        }
        Cached fresh = mutual.compute(key, (k, old) -> {
            if (old != null && old.digest().equals(digest)) {
                return old;
            }
            if (old != null) {
                // calls under way finish; the next ones use the new material
                old.jdk().shutdown();
            }
            return build(supplierId, tls, digest, readTimeout);
        });
        return fresh.rest();
    }

    private Cached build(String supplierId, SupplierTls tls, String digest, Duration readTimeout) {
        try {
            var context = SupplierTlsPem.context(tls.certificatePem(), tls.keyPem(), tls.trustedCaPem());
            var jdk = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).sslContext(context).build();
            return new Cached(digest, jdk, rest(jdk, readTimeout));
        } catch (IllegalArgumentException unusable) {
            throw new SupplierCallException("the mutual TLS material of supplier " + supplierId + " is unusable: "
                    + unusable.getMessage(), SupplierCallException.Kind.PERMANENT);
        }
    }

    private RestClient rest(HttpClient jdk, Duration readTimeout) {
        return RestClient.builder().requestFactory(requestFactory(jdk, readTimeout)).observationRegistry(observations)
                .build();
    }

    /**
     * Spring's request factory over the JDK client, writing request bodies on virtual threads: by default it started
     * a platform thread for every request with a body (Spring's {@code SimpleAsyncTaskExecutor}), about one per order
     * under load (a profile counted 1,440 thread starts a minute at 20 orders/s).
     */
    public static JdkClientHttpRequestFactory requestFactory(HttpClient jdk, Duration readTimeout) {
        var factory = new JdkClientHttpRequestFactory(jdk, BODY_WRITERS);
        factory.setReadTimeout(readTimeout);
        return factory;
    }

    /**
     * Why a call failed in its TLS handshake, when the supplier refused it on purpose: it rejected our client
     * certificate (or that we sent none), we do not trust its server certificate, or it sent another fatal alert
     * (no protocol or cipher in common). Retrying cannot help until someone changes a certificate or a setting, so
     * such a failure is permanent. Empty for any other failure: a handshake cut off, or a connection refused or reset,
     * may pass.
     */
    public static Optional<SupplierCallException> tlsFailure(String supplierId, Throwable failure) {
        String otherAlert = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            var alert = ALERT.matcher(message);
            if (alert.find()) {
                if (CERTIFICATE_REFUSALS.contains(alert.group(1))) {
                    return Optional.of(permanent(supplierId, "client certificate rejected (" + alert.group(1) + ")"));
                }
                otherAlert = otherAlert == null ? alert.group(1) : otherAlert;
            }
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof SSLPeerUnverifiedException || message.contains("PKIX path")) {
                return Optional.of(permanent(supplierId, "server certificate not trusted"));
            }
        }
        return otherAlert == null ? Optional.empty()
                : Optional.of(permanent(supplierId, "the supplier refused it (" + otherAlert + ")"));
    }

    private static SupplierCallException permanent(String supplierId, String why) {
        return new SupplierCallException("TLS handshake with supplier " + supplierId + " failed: " + why,
                SupplierCallException.Kind.PERMANENT);
    }
}
