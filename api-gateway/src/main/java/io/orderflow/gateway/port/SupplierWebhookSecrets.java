package io.orderflow.gateway.port;

import java.util.List;

import reactor.core.publisher.Mono;

/** Port: the webhook secrets currently valid for a supplier (two during a rotation); empty if unknown. */
public interface SupplierWebhookSecrets {

    Mono<List<String>> secretsOf(String supplierId);
}
