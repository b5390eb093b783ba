package io.orderflow.infra.connector;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.LookUpSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierView;

import io.orderflow.infra.privacy.SupplierSecretSealer;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How to reach each supplier: its connector from the supplier directory (the Supplier aggregate's read model, which
 * the read side answers for) and its credentials (API secret, mutual TLS material) from supplier_secret, which no
 * event and no read model carries.
 */
@Component
public class SupplierRegistry {

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final QueryGateway queries;

    private final SupplierSecretSealer sealer;

    SupplierRegistry(JdbcTemplate jdbc, QueryGateway queries, SupplierSecretSealer sealer) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.sealer = sealer;
    }

    public Optional<SupplierConnection> connection(String supplierId) {
        return connection(supplierId, null);
    }

    /**
     * The connection of a supplier that speaks {@code connectorType} (any, when null); empty for another one, whose
     * secrets are then not read at all.
     */
    public Optional<SupplierConnection> connection(String supplierId, String connectorType) {
        return queries.query(new LookUpSupplierQuery(new SupplierId(supplierId)),
                        ResponseTypes.optionalInstanceOf(SupplierView.class))
                .orTimeout(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join()
                .filter(view -> connectorType == null || connectorType.equals(view.connector().type()))
                .map(view -> {
                    var credentials = credentialsOf(List.of(view.supplierId())).get(view.supplierId());
                    return new SupplierConnection(view.supplierId(), view.connector().type(),
                            view.connector().baseUrl() == null ? null : URI.create(view.connector().baseUrl()),
                            credentials == null ? null : credentials.apiSecret(), view.connector().shopDomain(),
                            view.connector().apiVersion(), credentials == null ? null : credentials.tls());
                });
    }

    /** What our calls to a supplier are signed and secured with. */
    public record Credentials(String apiSecret, SupplierTls tls) {
        @Override
        public String toString() {
            return "Credentials[redacted, " + tls + "]";
        }
    }

    /**
     * The credentials of those suppliers that have any, by supplier id. The one place that reads them for calls
     * to suppliers (the admin API writes them through R2dbcSupplierSecretStore).
     */
    public Map<String, Credentials> credentialsOf(Collection<String> supplierIds) {
        Map<String, Credentials> credentials = new HashMap<>();
        jdbc.query("""
                        SELECT supplier_id, api_secret, client_certificate_pem, client_key_pem, trusted_ca_pem
                        FROM supplier_secret WHERE supplier_id = ANY (?)""",
                rs -> {
                    String supplierId = rs.getString(1);
                    credentials.put(supplierId, new Credentials(sealer.open(supplierId, rs.getString(2)),
                            SupplierTls.ofNullable(rs.getString(3), sealer.open(supplierId, rs.getString(4)),
                                    rs.getString(5))));
                },
                (Object) supplierIds.toArray(String[]::new));
        return credentials;
    }
}
