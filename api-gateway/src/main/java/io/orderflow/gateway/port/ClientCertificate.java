package io.orderflow.gateway.port;

import java.time.Instant;

/** What may be shown of a supplier's client certificate: nothing of it is secret (the key is not here). */
public record ClientCertificate(String subject, Instant notAfter, String fingerprintSha256) {
}
