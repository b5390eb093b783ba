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

    /** Whether secrets are stored for the supplier. */
    Mono<Boolean> holdsSecretsOf(String supplierId);
}
