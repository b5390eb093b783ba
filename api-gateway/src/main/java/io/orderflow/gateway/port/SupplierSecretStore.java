package io.orderflow.gateway.port;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Port: where supplier secrets are written. Secrets never travel in commands or events (an event cannot be
 * erased), so they are kept apart from everything that history rebuilds. Implemented in infra.
 */
public interface SupplierSecretStore {

    /**
     * Stores the secrets of a supplier. A null apiSecret or webhookSecrets keeps what is stored; a supplier
     * without stored secrets needs webhookSecrets.
     */
    Mono<Void> store(String supplierId, String apiSecret, List<String> webhookSecrets);

    /**
     * Stores the client certificate (PEM, its chain after it) and private key (PEM) a partner supplier's server wants
     * to see, with the certificate's description; all null removes them. The supplier's secrets must be stored.
     */
    Mono<Void> storeClientCertificate(String supplierId, ClientCertificate certificate, String certificatePem,
                                      String keyPem);

    /** Stores the CA certificates (PEM) trusted for the supplier's server; null trusts the JVM's default CAs again. */
    Mono<Void> storeTrustedCa(String supplierId, String trustedCaPem);

    /** The description of the supplier's client certificate; empty when it has none. */
    Mono<ClientCertificate> clientCertificateOf(String supplierId);

    /** Whether secrets are stored for the supplier. */
    Mono<Boolean> holdsSecretsOf(String supplierId);
}
