package io.orderflow.gateway.audit;

import io.orderflow.gateway.GatewayTestSupport;
import io.orderflow.gateway.port.AuditTrail.IntegrityReport;
import io.orderflow.gateway.port.AuditTrail.StoredEvent;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static io.orderflow.gateway.GatewayTestApplication.AUDITOR_A;
import static io.orderflow.gateway.GatewayTestApplication.PLATFORM;
import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class AuditAccessTest extends GatewayTestSupport {

    @Test
    void onlyKeysWithTheAuditScopeGetIn() {
        web.get().uri("/api/v1/audit/events").exchange().expectStatus().isUnauthorized();
        for (String key : List.of(WRITER_A, READER_A)) {
            web.get().uri("/api/v1/audit/events").header("X-Api-Key", key).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            web.post().uri("/api/v1/audit/replays").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"readModel\":\"order-view\"}").exchange().expectStatus().isForbidden();
        }
    }

    @Test
    void theExportIsOneJsonObjectPerLineWithPayloadAndMetadataAsStored() {
        when(auditTrail.settledPosition()).thenReturn(Mono.just(42L));
        when(auditTrail.events(eq("retailer-a"), eq(7L), eq(42L), anyLong())).thenReturn(Flux.just(
                new StoredEvent(8, "Order", "o-1", 0, "e-8", "io.orderflow.coreapi.order.OrderPlacedEvent", "1",
                        "2026-03-01T10:00:00Z", "{\"correlationId\":\"c-1\",\"actor\":\"api-key:x\"}",
                        "{\"orderId\":{\"value\":\"o-1\"},\"n\":1}", "sealed"),
                new StoredEvent(9, "Order", "o-1", 1, "e-9", "x.Broken", null, "2026-03-01T10:00:01Z", null,
                        "{\"broken\":\n", null)));

        String body = web.get().uri("/api/v1/audit/events?after=7").header("X-Api-Key", AUDITOR_A).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectHeader().valueEquals("X-Audit-Settled-Position", "42")
                .expectBody(String.class).returnResult().getResponseBody();

        var lines = body.strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("\"payload\":{\"orderId\":{\"value\":\"o-1\"},\"n\":1}")
                .contains("\"correlationId\":\"c-1\"").contains("\"type\":\"OrderPlacedEvent\"")
                .contains("\"metadata\":{\"correlationId\":\"c-1\"");
        assertThat(lines[1]).contains("\"payloadText\":\"{\\\"broken\\\":\\n\"");
    }

    @Test
    void badPositionsAndUnknownReadModelsAreBadRequests() {
        web.get().uri("/api/v1/audit/events?after=-1").header("X-Api-Key", AUDITOR_A).exchange()
                .expectStatus().isBadRequest();
        web.get().uri("/api/v1/audit/orders/2f1c6f7e-0000-3000-8000-0000000000c1/state?asOf=yesterday").header("X-Api-Key", AUDITOR_A).exchange()
                .expectStatus().isBadRequest();
        when(replays.readModels()).thenReturn(List.of("order-view"));
        web.post().uri("/api/v1/audit/replays").header("X-Api-Key", PLATFORM).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"readModel\":\"supplier-dispatch\"}").exchange().expectStatus().isBadRequest();
    }

    @Test
    void replaysAndWholeStoreIntegrityTakeThePlatformScope() {
        for (String key : List.of(AUDITOR_A, WRITER_A)) {
            web.post().uri("/api/v1/audit/replays").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"readModel\":\"order-view\"}").exchange().expectStatus().isForbidden();
            web.get().uri("/api/v1/audit/read-models").header("X-Api-Key", key).exchange().expectStatus().isForbidden();
            web.get().uri("/api/v1/audit/replays/r-1").header("X-Api-Key", key).exchange().expectStatus().isForbidden();
        }
        var report = new IntegrityReport("VERIFIED", IntegrityReport.RETAILER, 1, 1, 1, 1, 1, 1, List.of());
        when(auditTrail.verifyIntegrity(any())).thenReturn(Mono.just(report));

        web.get().uri("/api/v1/audit/integrity").header("X-Api-Key", AUDITOR_A).exchange().expectStatus().isOk();
        verify(auditTrail).verifyIntegrity("retailer-a");
        web.get().uri("/api/v1/audit/integrity").header("X-Api-Key", PLATFORM).exchange().expectStatus().isOk();
        verify(auditTrail).verifyIntegrity(isNull());
    }
}
