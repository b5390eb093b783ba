package io.orderflow.infra.inventory;

import io.orderflow.coreapi.supplier.PartnerSignature;
import io.orderflow.infra.connector.SupplierHttpClients;

import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET {base}/inventory} of the partner REST API, signed (and over mutual TLS) like every partner call. */
@Component
class PartnerInventoryClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NO_BODY = new byte[0];

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final SupplierHttpClients clients;
    private final Clock clock;

    PartnerInventoryClient(Clock clock, SupplierHttpClients clients) {
        this.clock = clock;
        this.clients = clients;
    }

    /** The supplier's answer, {@code {levels: [{supplierSku, locationId, available, asOf}]}}; throws on any failure. */
    JsonNode levels(StockSuppliers.PartnerConnection partner, String correlationId) {
        return clients.forSupplier(partner.supplier().supplierId(), partner.tls(), READ_TIMEOUT).get()
                .uri(partner.baseUrl() + "/inventory")
                .header("X-Correlation-Id", correlationId)
                .header(PartnerSignature.HEADER,
                        PartnerSignature.header(partner.apiSecret(), clock.instant().getEpochSecond(), NO_BODY))
                .exchange((request, response) -> {
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        throw new IllegalStateException("supplier " + partner.supplier().supplierId() + " answered "
                                + response.getStatusCode().value() + " to GET /inventory");
                    }
                    return JSON.readTree(response.getBody());
                });
    }
}
