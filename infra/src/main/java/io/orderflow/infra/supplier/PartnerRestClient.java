package io.orderflow.infra.supplier;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.ShippingAddress;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The partner REST API of DESIGN §7: signed requests, one supplier order per Idempotency-Key. */
@Component
class PartnerRestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;
    private final Clock clock;

    PartnerRestClient(Clock clock) {
        this.clock = clock;
        var jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        var factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    record CreateOrder(String reference, String orderReference, List<Line> lines, ShipTo shipTo) {
        record Line(String lineReference, String supplierSku, int quantity) {
        }

        record ShipTo(String name, String line1, String line2, String city, String region, String postalCode,
                      String country) {
        }

        static CreateOrder of(String allocationId, String orderId, List<AllocatedLine> lines, ShippingAddress to) {
            return new CreateOrder(allocationId, orderId,
                    lines.stream().map(l -> new Line(l.lineId(), l.supplierSku(), l.supplierUnits())).toList(),
                    new ShipTo(to.name(), to.line1(), to.line2(), to.city(), to.region(), to.postalCode(), to.country()));
        }
    }

    /** Answers the supplier's order id. Throws {@link SupplierCallException} saying whether a retry may help. */
    String createOrder(SupplierConnection supplier, CreateOrder order, String idempotencyKey, String correlationId) {
        byte[] body = JSON.writeValueAsBytes(order);
        JsonNode answer = http.post()
                .uri(supplier.baseUrl() + "/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", idempotencyKey)
                .header("X-Correlation-Id", correlationId == null ? "" : correlationId)
                .header("X-Orderflow-Signature",
                        PartnerSignature.sign(supplier.apiSecret(), clock.instant().getEpochSecond(), body))
                .body(body)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                        return JSON.readTree(response.getBody());
                    }
                    boolean transientFailure = status.is5xxServerError() || status.value() == 429 || status.value() == 408;
                    throw new SupplierCallException("supplier " + supplier.supplierId() + " answered " + status.value(),
                            transientFailure);
                });
        var id = answer.path("id").asString(null);
        if (id == null || id.isBlank()) {
            throw new SupplierCallException("supplier " + supplier.supplierId() + " answered without an order id", false);
        }
        return id;
    }
}
