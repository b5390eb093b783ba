package io.orderflow.gateway.port;

import reactor.core.publisher.Mono;

/** Port: the retailer a supplier id belongs to, as the supplier directory knows it; empty if unknown. */
public interface SupplierOwners {

    Mono<String> ownerOf(String supplierId);
}
