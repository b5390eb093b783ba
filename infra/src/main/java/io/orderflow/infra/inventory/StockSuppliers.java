package io.orderflow.infra.inventory;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.FindActiveSuppliersQuery;
import io.orderflow.coreapi.supplier.LookUpSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.infra.connector.SupplierRegistry;
import io.orderflow.infra.connector.SupplierTls;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * What inventory sync needs to know about suppliers: their directory entries, which the read side answers for, and
 * their credentials (API secret, mutual TLS material) as the supplier registry reads them from supplier_secret, which
 * no event and no read model carries.
 */
@Component
class StockSuppliers {

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final QueryGateway queries;
    private final SupplierRegistry registry;

    StockSuppliers(QueryGateway queries, SupplierRegistry registry) {
        this.queries = queries;
        this.registry = registry;
    }

    record StockSupplier(String supplierId, String retailerId, Set<String> locationIds) {

        static StockSupplier of(SupplierView view) {
            return new StockSupplier(view.supplierId(), view.retailerId(),
                    view.locations().stream().map(SupplierLocation::locationId).collect(Collectors.toUnmodifiableSet()));
        }
    }

    /** The secrets never leave infra and are never logged. */
    record PartnerConnection(StockSupplier supplier, URI baseUrl, String apiSecret, SupplierTls tls) {
        @Override
        public String toString() {
            return "PartnerConnection[" + supplier.supplierId() + ", " + baseUrl + "]";
        }
    }

    Optional<StockSupplier> find(String supplierId) {
        return answer(queries.query(new LookUpSupplierQuery(new SupplierId(supplierId)),
                ResponseTypes.optionalInstanceOf(SupplierView.class))).map(StockSupplier::of);
    }

    List<PartnerConnection> activePartners() {
        var partners = active("PARTNER_REST").stream().filter(view -> view.connector().baseUrl() != null).toList();
        var credentials = registry.credentialsOf(partners.stream().map(SupplierView::supplierId).toList());
        return partners.stream()
                .filter(view -> credentials.containsKey(view.supplierId())
                        && credentials.get(view.supplierId()).apiSecret() != null)
                .map(view -> {
                    var held = credentials.get(view.supplierId());
                    return new PartnerConnection(StockSupplier.of(view), URI.create(view.connector().baseUrl()),
                            held.apiSecret(), held.tls());
                })
                .toList();
    }

    /** Active Shopify stores; their connection comes from the supplier registry when they are read. */
    List<StockSupplier> activeShops() {
        return active("SHOPIFY").stream().map(StockSupplier::of).toList();
    }

    private List<SupplierView> active(String connectorType) {
        return answer(queries.query(new FindActiveSuppliersQuery(connectorType),
                ResponseTypes.multipleInstancesOf(SupplierView.class)));
    }

    private static <T> T answer(CompletableFuture<T> query) {
        return query.orTimeout(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }
}
