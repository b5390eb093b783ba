package io.orderflow.gateway;

import io.orderflow.gateway.port.ApiKeyAdministration;
import io.orderflow.gateway.port.SupplierOwners;
import io.orderflow.gateway.port.SupplierSecretStore;
import io.orderflow.gateway.port.AuditTrail;
import io.orderflow.gateway.port.DeadLetters;
import io.orderflow.gateway.port.ParkedRecords;
import io.orderflow.gateway.port.ReadModelReplays;
import io.orderflow.gateway.port.SupplierWebhookSecrets;
import io.orderflow.gateway.port.WebhookDeliveryLog;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** One application context for every web test: the same mocks, so Spring caches it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        "orderflow.idempotency.in-flight-wait=300ms",
        "orderflow.tracking.secret=test-tracking-secret",
        "orderflow.public-base-url=https://orders.example.com/",
        "spring.webflux.problemdetails.enabled=true",
        // as the application runs (application.yml): the correlation id follows a request into the MDC
        "spring.reactor.context-propagation=auto"})
@AutoConfigureWebTestClient
public abstract class GatewayTestSupport {

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected InMemoryIdempotencyStore idempotencyStore;

    @MockitoBean
    protected CommandGateway commands;
    @MockitoBean
    protected QueryGateway queries;
    @MockitoBean
    protected SupplierWebhookSecrets webhookSecrets;
    @MockitoBean
    protected WebhookDeliveryLog deliveryLog;
    @MockitoBean
    protected AuditTrail auditTrail;
    @MockitoBean
    protected ReadModelReplays replays;
    @MockitoBean
    protected DeadLetters deadLetters;
    @MockitoBean
    protected ParkedRecords parkedRecords;
    @MockitoBean
    protected SupplierOwners supplierOwners;
    @MockitoBean
    protected SupplierSecretStore supplierSecrets;
    @MockitoBean
    protected ApiKeyAdministration keyAdministration;
    @MockitoBean
    protected io.orderflow.gateway.port.RetailerStores retailerStores;

    @BeforeEach
    void forgetIdempotencyKeys() {
        idempotencyStore.clear();
    }

    /** A supplier has no client certificate unless a test says so. */
    @BeforeEach
    void noClientCertificates() {
        doReturn(Mono.empty()).when(supplierSecrets).clientCertificateOf(anyString());
    }
}
