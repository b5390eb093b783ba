package io.orderflow.infra.connector.partner;

import io.orderflow.coreapi.supplier.PartnerSignature;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierClient;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.SupplierOrder;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The partner REST API: signed requests, one supplier order per Idempotency-Key. */
@Component
class PartnerRestClient implements SupplierClient {

    static final String TYPE = "PARTNER_REST";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;
    private final Clock clock;

    /** Observed, so that each call is a span of the submission's trace and carries its traceparent. */
    PartnerRestClient(Clock clock, ObjectProvider<ObservationRegistry> observations) {
        this.clock = clock;
        var jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        var factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(factory)
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)).build();
    }

    record CreateOrder(String reference, String orderReference, List<Line> lines, ShipTo shipTo) {
        record Line(String lineReference, String supplierSku, int quantity) {
        }

        record ShipTo(String name, String line1, String line2, String city, String region, String postalCode,
                      String country) {
        }

        static CreateOrder of(SupplierOrder order) {
            var to = order.shipTo();
            return new CreateOrder(order.allocationId(), order.orderId(),
                    order.lines().stream().map(l -> new Line(l.lineId(), l.supplierSku(), l.supplierUnits())).toList(),
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
        JsonNode answer = signed(http.post().uri(supplier.baseUrl() + "/orders")
                        .header("Idempotency-Key", order.allocationId()), supplier, correlationId, body)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                        return JSON.readTree(response.getBody());
                    }
                    throw failure(supplier, status);
                });
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
        return signed(http.post().uri(supplier.baseUrl() + "/orders/{id}/cancel", supplierOrderRef), supplier,
                        correlationId, body)
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
                });
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
