package io.orderflow.infra.connector.partner;

import io.orderflow.coreapi.supplier.PartnerSignature;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierClient;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.SupplierHttpClients;
import io.orderflow.infra.connector.SupplierOrder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The partner REST API: signed requests, one supplier order per Idempotency-Key, over mutual TLS where the supplier
 * has a client certificate.
 */
@Component
class PartnerRestClient implements SupplierClient {

    static final String TYPE = "PARTNER_REST";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final SupplierHttpClients clients;
    private final Clock clock;

    PartnerRestClient(Clock clock, SupplierHttpClients clients) {
        this.clock = clock;
        this.clients = clients;
    }

    record CreateOrder(String reference, String orderReference, List<Line> lines, ShipTo shipTo) {
        /** unitPrice and currency: the agreed price of one supplier unit, which the partner's invoice bills. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        record Line(String lineReference, String supplierSku, int quantity, BigDecimal unitPrice, String currency) {
        }

        record ShipTo(String name, String line1, String line2, String city, String region, String postalCode,
                      String country) {
        }

        static CreateOrder of(SupplierOrder order) {
            var to = order.shipTo();
            return new CreateOrder(order.allocationId(), order.orderId(),
                    order.lines().stream().map(l -> new Line(l.lineId(), l.supplierSku(), l.supplierUnits(),
                            l.unitCost() == null ? null : l.unitCost().amount(),
                            l.unitCost() == null ? null : l.unitCost().currency())).toList(),
                    new ShipTo(to.name(), to.line1(), to.line2(), to.city(), to.region(), to.postalCode(), to.country()));
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The allocation id is the Idempotency-Key: the partner answers a repeated create with the order it made. */
    @Override
    public String submit(SupplierConnection supplier, SupplierOrder order, String correlationId) {
        byte[] body = JSON.writeValueAsBytes(CreateOrder.of(order));
        JsonNode answer = call(supplier, () -> signed(http(supplier).post().uri(supplier.baseUrl() + "/orders")
                        .header("Idempotency-Key", order.allocationId()), supplier, correlationId, body)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                        return JSON.readTree(response.getBody());
                    }
                    throw failure(supplier, status);
                }));
        var id = answer.path("id").asString(null);
        if (id == null || id.isBlank()) {
            throw new SupplierCallException("supplier " + supplier.supplierId() + " answered without an order id", false);
        }
        return id;
    }

    @Override
    public CancelAnswer cancel(SupplierConnection supplier, String allocationId, String supplierOrderRef,
                               String correlationId) {
        if (supplierOrderRef == null) {
            return CancelAnswer.NOT_FOUND;
        }
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        return call(supplier, () -> signed(http(supplier).post()
                        .uri(supplier.baseUrl() + "/orders/{id}/cancel", supplierOrderRef), supplier, correlationId, body)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                        return CancelAnswer.CANCELLED;
                    }
                    if (status.value() == 409) {
                        return CancelAnswer.TOO_LATE;
                    }
                    if (status.value() == 404) {
                        return CancelAnswer.NOT_FOUND;
                    }
                    throw failure(supplier, status);
                }));
    }

    private RestClient http(SupplierConnection supplier) {
        return clients.forSupplier(supplier.supplierId(), supplier.tls(), READ_TIMEOUT);
    }

    /** A TLS handshake refused (by either side) is no I/O hiccup: it fails alike until a certificate changes. */
    private static <T> T call(SupplierConnection supplier, Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (ResourceAccessException failure) {
            throw SupplierHttpClients.tlsFailure(supplier.supplierId(), failure).orElseThrow(() -> failure);
        }
    }

    /** 5xx, 429 and 408 may pass on a retry; 409 and 422 are the partner refusing the order; other 4xx are ours. */
    private static SupplierCallException failure(SupplierConnection supplier, HttpStatusCode status) {
        int code = status.value();
        var kind = status.is5xxServerError() || code == 429 || code == 408 ? SupplierCallException.Kind.TRANSIENT
                : code == 409 || code == 422 ? SupplierCallException.Kind.BUSINESS
                : SupplierCallException.Kind.PERMANENT;
        return new SupplierCallException("supplier " + supplier.supplierId() + " answered " + code, kind);
    }

    /** A JSON body, signed with the supplier's API secret, carrying the correlation id of what caused the call. */
    private RestClient.RequestBodySpec signed(RestClient.RequestBodySpec request, SupplierConnection supplier,
                                              String correlationId, byte[] body) {
        return request.contentType(MediaType.APPLICATION_JSON)
                .header("X-Correlation-Id", correlationId == null ? "" : correlationId)
                .header(PartnerSignature.HEADER,
                        PartnerSignature.header(supplier.apiSecret(), clock.instant().getEpochSecond(), body))
                .body(body);
    }
}
