package io.orderflow.infra.connector;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.LookUpSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierView;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How to reach each supplier: its connector from the supplier directory (the Supplier aggregate's read model, which
 * the read side answers for) and its API secret from supplier_secret, which no event and no read model carries.
 */
@Component
public class SupplierRegistry {

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final QueryGateway queries;

    SupplierRegistry(JdbcTemplate jdbc, QueryGateway queries) {
        this.jdbc = jdbc;
        this.queries = queries;
    }

    public Optional<SupplierConnection> connection(String supplierId) {
        return queries.query(new LookUpSupplierQuery(new SupplierId(supplierId)),
                        ResponseTypes.optionalInstanceOf(SupplierView.class))
                .orTimeout(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join()
                .map(view -> new SupplierConnection(view.supplierId(), view.connector().type(),
                        view.connector().baseUrl() == null ? null : URI.create(view.connector().baseUrl()),
                        apiSecretOf(view.supplierId()), view.connector().shopDomain(), view.connector().apiVersion()));
    }

    private String apiSecretOf(String supplierId) {
        return jdbc.queryForList("SELECT api_secret FROM supplier_secret WHERE supplier_id = ?", String.class,
                supplierId).stream().findFirst().orElse(null);
    }
}
