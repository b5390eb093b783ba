package io.orderflow.infra.connector;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.LookUpSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.gateway.port.SupplierOwners;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The retailer a supplier belongs to, as the supplier directory (the read side) knows it. */
@Component
class DirectorySupplierOwners implements SupplierOwners {

    private final QueryGateway queries;

    DirectorySupplierOwners(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public Mono<String> ownerOf(String supplierId) {
        return Mono.fromFuture(() -> queries.query(new LookUpSupplierQuery(new SupplierId(supplierId)),
                        ResponseTypes.optionalInstanceOf(SupplierView.class)))
                .flatMap(Mono::justOrEmpty)
                .map(SupplierView::retailerId);
    }
}
