package io.orderflow.infra.inventory;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import io.orderflow.coreapi.supplier.PartnerSignature;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET {base}/inventory} of the partner REST API, signed like every partner call. */
@Component
class PartnerInventoryClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NO_BODY = new byte[0];

    private final RestClient http;
    private final Clock clock;

    PartnerInventoryClient(Clock clock, ObjectProvider<ObservationRegistry> observations) {
        this.clock = clock;
        var jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        var factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(Duration.ofSeconds(20));
        this.http = RestClient.builder().requestFactory(factory)
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)).build();
    }

    /** The supplier's answer, {@code {levels: [{supplierSku, locationId, available, asOf}]}}; throws on any failure. */
    JsonNode levels(StockSuppliers.PartnerConnection partner, String correlationId) {
        return http.get()
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
