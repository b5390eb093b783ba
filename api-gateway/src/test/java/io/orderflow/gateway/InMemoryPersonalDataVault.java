package io.orderflow.gateway;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.port.PersonalDataVault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** The vault for web tests: keeps each order's data in memory, the sealed form naming it by a counter only. */
public class InMemoryPersonalDataVault implements PersonalDataVault {

    private record Kept(RetailerId retailer, PersonalData data) {
    }

    private final Map<OrderId, Kept> kept = new ConcurrentHashMap<>();

    @Override
    public Mono<SealedPersonalData> seal(OrderId orderId, RetailerId retailerId, PersonalData data) {
        kept.put(orderId, new Kept(retailerId, data));
        return Mono.just(new SealedPersonalData(orderId.value(), "test", "sealed-" + kept.size()));
    }

    @Override
    public Mono<Optional<PersonalData>> personalDataOf(OrderId orderId) {
        return Mono.just(Optional.ofNullable(kept.get(orderId)).map(Kept::data));
    }

    @Override
    public Mono<List<OrderId>> erase(RetailerId retailerId, String email, List<OrderId> orderIds) {
        List<OrderId> erased = new ArrayList<>();
        kept.forEach((id, k) -> {
            boolean named = email != null ? email.equalsIgnoreCase(k.data().customer().email())
                    : orderIds.contains(id);
            if (named && k.retailer().equals(retailerId)) {
                erased.add(id);
            }
        });
        erased.forEach(kept::remove);
        return Mono.just(erased);
    }

    public void clear() {
        kept.clear();
    }
}
