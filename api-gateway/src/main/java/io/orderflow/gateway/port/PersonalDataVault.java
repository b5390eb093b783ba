package io.orderflow.gateway.port;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.shared.RetailerId;

import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * Port: the only way between the customer's personal data in clear text and the sealed form that events carry.
 * Each order has its own data key, wrapped by the key-encryption key; erasure destroys data keys. Implemented in
 * infra.
 */
public interface PersonalDataVault {

    /** Seals the order's personal data under its data key, made on first use (a retried placement reuses it). */
    Mono<SealedPersonalData> seal(OrderId orderId, RetailerId retailerId, PersonalData data);

    /** The order's personal data; empty when it has been erased, or the order is not known. */
    Mono<Optional<PersonalData>> personalDataOf(OrderId orderId);

    /**
     * Destroys the data keys of the retailer's orders that the e-mail address or the order ids name, and answers
     * the orders whose data is now erased (also those erased before). Orders of other retailers are left alone.
     */
    Mono<List<OrderId>> erase(RetailerId retailerId, String email, List<OrderId> orderIds);
}
