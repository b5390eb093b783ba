package io.orderflow.gateway.admin;

import io.orderflow.coreapi.supplier.SupplierTlsPem;
import io.orderflow.gateway.port.ClientCertificate;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mutual TLS fields of a supplier request, checked before anything is stored: the certificate and key come
 * together, parse, belong to each other, and the certificate is valid now; the CA certificates parse. The errors name
 * the field and never quote the PEM. An empty string removes what is stored; a field left out keeps it.
 */
final class ClientCertificateRules {

    /** The errors (field, message) and, when a certificate is set, its description. */
    record Outcome(List<Map<String, String>> errors, ClientCertificate certificate) {
    }

    private ClientCertificateRules() {
    }

    static Outcome check(SupplierRequest body, Instant now) {
        var errors = new ArrayList<Map<String, String>>();
        String certificatePem = body.clientCertificatePem();
        String keyPem = body.clientKeyPem();
        String caPem = body.trustedCaPem();
        boolean anyGiven = certificatePem != null || keyPem != null || caPem != null;
        if (anyGiven && body.connector() != null && !"PARTNER_REST".equals(body.connector().type())) {
            errors.add(error(certificatePem != null ? "clientCertificatePem" : keyPem != null ? "clientKeyPem"
                    : "trustedCaPem", "only a PARTNER_REST connector uses mutual TLS"));
            return new Outcome(errors, null);
        }
        ClientCertificate described = null;
        if ((certificatePem == null) != (keyPem == null)
                || (certificatePem != null && certificatePem.isEmpty() != keyPem.isEmpty())) {
            errors.add(error(certificatePem == null || certificatePem.isEmpty() ? "clientCertificatePem" : "clientKeyPem",
                    "clientCertificatePem and clientKeyPem are set together, or removed together (both \"\")"));
        } else if (certificatePem != null && !certificatePem.isEmpty()) {
            described = checkCertificateAndKey(certificatePem, keyPem, now, errors);
        }
        if (caPem != null && !caPem.isEmpty()) {
            try {
                SupplierTlsPem.certificates(caPem);
            } catch (IllegalArgumentException e) {
                errors.add(error("trustedCaPem", e.getMessage()));
            }
        }
        return new Outcome(errors, errors.isEmpty() ? described : null);
    }

    private static ClientCertificate checkCertificateAndKey(String certificatePem, String keyPem, Instant now,
                                                            List<Map<String, String>> errors) {
        X509Certificate certificate = null;
        try {
            certificate = SupplierTlsPem.certificates(certificatePem).getFirst();
            if (certificate.getNotAfter().toInstant().isBefore(now)) {
                errors.add(error("clientCertificatePem", "has expired (not valid after "
                        + certificate.getNotAfter().toInstant() + ")"));
            } else if (certificate.getNotBefore().toInstant().isAfter(now)) {
                errors.add(error("clientCertificatePem", "is not valid yet (not valid before "
                        + certificate.getNotBefore().toInstant() + ")"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(error("clientCertificatePem", e.getMessage()));
        }
        PrivateKey key = null;
        try {
            key = SupplierTlsPem.privateKey(keyPem);
        } catch (IllegalArgumentException e) {
            errors.add(error("clientKeyPem", e.getMessage()));
        }
        if (certificate == null || key == null) {
            return null;
        }
        if (!SupplierTlsPem.belongTogether(key, certificate)) {
            errors.add(error("clientKeyPem", "is not the private key of the certificate in clientCertificatePem"));
            return null;
        }
        return new ClientCertificate(certificate.getSubjectX500Principal().getName(),
                certificate.getNotAfter().toInstant(), SupplierTlsPem.fingerprintSha256(certificate));
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
