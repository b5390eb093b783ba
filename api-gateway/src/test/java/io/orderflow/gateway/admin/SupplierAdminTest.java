package io.orderflow.gateway.admin;

import static io.orderflow.gateway.GatewayTestApplication.ADMIN_A;
import static io.orderflow.gateway.GatewayTestApplication.ADMIN_B;
import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.FindSupplierCatalogQuery;
import io.orderflow.coreapi.supplier.FindSupplierQuery;
import io.orderflow.coreapi.supplier.PublishSupplierCatalogCommand;
import io.orderflow.coreapi.supplier.RegisterSupplierCommand;
import io.orderflow.coreapi.supplier.SupplierCatalogView;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.gateway.GatewayTestSupport;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Mono;

class SupplierAdminTest extends GatewayTestSupport {

    static final String WEBHOOK_SECRET = "whsec-0123456789abcdef";
    static final String NEXT_WEBHOOK_SECRET = "whsec-fedcba9876543210";
    static final String API_SECRET = "apisec-0123456789abcdef";

    static final String SUPPLIER = """
            {"name":"Acme Drop-Ship","connector":{"type":"PARTNER_REST","baseUrl":"https://api.acme.example/v1/"},
             "webhookSecrets":["%s","%s"],
             "locations":[{"locationId":"berlin","latitude":52.52,"longitude":13.405,"country":"DE","region":"BE"}],
             "shipsTo":["DE","AT"],"handlingDays":1,"acceptanceSlaMinutes":30,"dailyCapacity":500,"priority":2,
             "active":true}""".formatted(WEBHOOK_SECRET, NEXT_WEBHOOK_SECRET);

    static final String SUPPLIER_WITHOUT_SECRETS = """
            {"name":"Acme Drop-Ship","connector":{"type":"PARTNER_REST","baseUrl":"https://api.acme.example/v1"},
             "locations":[{"locationId":"berlin","latitude":52.52,"longitude":13.405,"country":"DE","region":"BE"}],
             "shipsTo":["DE"],"handlingDays":1,"acceptanceSlaMinutes":30,"dailyCapacity":500,"priority":1,
             "active":false}""";

    static final String CATALOG = """
            {"items":[{"sku":"MUG","supplierSku":"A-MUG","variantId":"gid://v/1","unitsPerItem":1,"unitCost":3.20,
                       "currency":"EUR"},
                      {"sku":"SOCKS-6","supplierSku":"A-SOCK","unitsPerItem":6,"unitCost":1.10,"currency":"EUR"}]}""";

    @Test
    void registersASupplierAndAnswersItsSettingsButNeverItsSecrets() {
        givenUnknownSupplier();
        givenCommandAnswers(1);
        givenSecretsStored();

        var body = put(ADMIN_A, "acme", SUPPLIER).expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.supplierId").isEqualTo("acme")
                .jsonPath("$.version").isEqualTo(1)
                .jsonPath("$.name").isEqualTo("Acme Drop-Ship")
                .jsonPath("$.connector.type").isEqualTo("PARTNER_REST")
                .jsonPath("$.connector.baseUrl").isEqualTo("https://api.acme.example/v1")
                .jsonPath("$.locations[0].latitude").isEqualTo(52.52)
                .jsonPath("$.shipsTo[0]").isEqualTo("AT")
                .jsonPath("$.acceptanceSlaMinutes").isEqualTo(30)
                .jsonPath("$.webhookSecrets").doesNotExist()
                .jsonPath("$.apiSecret").doesNotExist()
                .returnResult().getResponseBody();
        assertThat(new String(body)).doesNotContain(WEBHOOK_SECRET, NEXT_WEBHOOK_SECRET, "whsec");

        var command = sentCommand(RegisterSupplierCommand.class);
        assertThat(command.supplierId()).isEqualTo(new SupplierId("acme"));
        assertThat(command.retailerId()).isEqualTo(new RetailerId("retailer-a"));
        assertThat(command.acceptanceSla()).isEqualTo(Duration.ofMinutes(30));
        assertThat(command.shipsTo()).containsExactlyInAnyOrder("DE", "AT");
        assertThat(command.toString()).doesNotContain("whsec");
        // the secrets are stored only after the command succeeded; the API secret defaults to the first webhook secret
        var order = inOrder(commands, supplierSecrets);
        order.verify(commands).send(any());
        order.verify(supplierSecrets).store("acme", WEBHOOK_SECRET, List.of(WEBHOOK_SECRET, NEXT_WEBHOOK_SECRET));
    }

    @Test
    void anApiSecretOfItsOwnIsStoredAsGiven() {
        givenUnknownSupplier();
        givenCommandAnswers(1);
        givenSecretsStored();

        put(ADMIN_A, "acme", SUPPLIER.replace("\"webhookSecrets\"", "\"apiSecret\":\"" + API_SECRET + "\",\"webhookSecrets\""))
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).doesNotContain(API_SECRET));

        verify(supplierSecrets).store("acme", API_SECRET, List.of(WEBHOOK_SECRET, NEXT_WEBHOOK_SECRET));
    }

    @Test
    void anUpdateWithoutWebhookSecretsKeepsTheStoredOnes() {
        givenOwner("acme", "retailer-a");
        doReturn(Mono.just(true)).when(supplierSecrets).holdsSecretsOf("acme");
        givenCommandAnswers(4);

        put(ADMIN_A, "acme", SUPPLIER_WITHOUT_SECRETS).expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(4).jsonPath("$.active").isEqualTo(false);

        verify(supplierSecrets, never()).store(anyString(), any(), any());
    }

    @Test
    void anUpdateWithOnlyAnApiSecretReplacesOnlyThat() {
        givenOwner("acme", "retailer-a");
        doReturn(Mono.just(true)).when(supplierSecrets).holdsSecretsOf("acme");
        givenCommandAnswers(4);
        givenSecretsStored();

        put(ADMIN_A, "acme", SUPPLIER_WITHOUT_SECRETS.replace("\"locations\"", "\"apiSecret\":\"" + API_SECRET + "\",\"locations\""))
                .expectStatus().isOk();

        verify(supplierSecrets).store(eq("acme"), eq(API_SECRET), isNull());
    }

    @Test
    void aFirstRegistrationWithoutWebhookSecretsIsABadRequest() {
        givenUnknownSupplier();
        doReturn(Mono.just(false)).when(supplierSecrets).holdsSecretsOf("acme");

        put(ADMIN_A, "acme", SUPPLIER_WITHOUT_SECRETS).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("webhookSecrets");

        verify(commands, never()).send(any());
    }

    @Test
    void anotherRetailersSupplierIs404AndNothingIsSentOrStored() {
        givenOwner("acme", "retailer-b");

        put(ADMIN_A, "acme", SUPPLIER).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("No such supplier.");
        publishCatalog(ADMIN_A, "acme", CATALOG).expectStatus().isNotFound();

        verify(commands, never()).send(any());
        verify(supplierSecrets, never()).store(anyString(), any(), any());
    }

    @Test
    void whenTheDirectoryDoesNotKnowYetTheAggregatesRefusalIsA404Too() {
        givenUnknownSupplier();
        doReturn(CompletableFuture.failedFuture(new SupplierNotFound("acme"))).when(commands).send(any());

        put(ADMIN_A, "acme", SUPPLIER).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        verify(supplierSecrets, never()).store(anyString(), any(), any());
    }

    @Test
    void aRuleTheAggregateEnforcesIsABadRequestWithItsReason() {
        givenUnknownSupplier();
        doReturn(CompletableFuture.failedFuture(new IllegalArgumentException("location berlin appears twice")))
                .when(commands).send(any());

        put(ADMIN_A, "acme", SUPPLIER).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("location berlin appears twice");

        verify(supplierSecrets, never()).store(anyString(), any(), any());
    }

    @Test
    void secretsThatCouldNotBeStoredAreA503SoThatTheSameRequestIsRepeated() {
        givenUnknownSupplier();
        givenCommandAnswers(1);
        doReturn(Mono.error(new IllegalStateException("connection refused"))).when(supplierSecrets)
                .store(anyString(), any(), any());

        put(ADMIN_A, "acme", SUPPLIER).expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "1");
    }

    @Test
    void aFailingOwnerLookupIsA503() {
        doReturn(Mono.error(new IllegalStateException("db down"))).when(supplierOwners).ownerOf("acme");

        put(ADMIN_A, "acme", SUPPLIER).expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        verify(commands, never()).send(any());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"name\":\"Acme Drop-Ship\",|",
            "\"country\":\"DE\"|\"country\":\"de\"",
            "\"priority\":2|\"priority\":1.5",
            "\"priority\":2|\"priority\":0",
            "\"acceptanceSlaMinutes\":30|\"acceptanceSlaMinutes\":0",
            "\"handlingDays\":1|\"handlingDays\":-1",
            "\"longitude\":13.405,|",
            "\"latitude\":52.52|\"latitude\":91",
            "\"baseUrl\":\"https://api.acme.example/v1/\"|\"baseUrl\":\"ftp://acme.example\"",
            "\"baseUrl\":\"https://api.acme.example/v1/\"|\"baseUrl\":\"https://user:pw@acme.example\"",
            ",\"baseUrl\":\"https://api.acme.example/v1/\"|",
            "\"PARTNER_REST\"|\"SHOPIFY\"",
            "\"PARTNER_REST\"|\"FTP\"",
            "\"whsec-fedcba9876543210\"|\"short\"",
            "\"whsec-fedcba9876543210\"|\"whsec-fedcba9876543210\",\"whsec-third-one-abcdef\"",
            "[\"whsec-0123456789abcdef\",\"whsec-fedcba9876543210\"]|[]",
            "\"shipsTo\":[\"DE\",\"AT\"]|\"shipsTo\":[\"Germany\"]",
            "\"locations\":[{\"locationId\":\"berlin\",\"latitude\":52.52,\"longitude\":13.405,\"country\":\"DE\",\"region\":\"BE\"}]|\"locations\":[]",
            "\"active\":true|\"active\":null",
    })
    void anInvalidSupplierIsABadRequestNamingTheFieldButNoSecret(String replacement) {
        givenUnknownSupplier();
        var parts = replacement.split("\\|", -1);
        var body = SUPPLIER.replace(parts[0], parts[1]);
        assertThat(body).isNotEqualTo(SUPPLIER);

        put(ADMIN_A, "acme", body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(problem -> assertThat(problem)
                        .contains("\"errors\"").doesNotContain("whsec"));

        verify(commands, never()).send(any());
    }

    @Test
    void malformedJsonIsABadRequest() {
        put(ADMIN_A, "acme", "{\"name\": ").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        put(ADMIN_A, "acme", SUPPLIER.replace("\"dailyCapacity\":500", "\"dailyCapacity\":\"many\""))
                .expectStatus().isBadRequest();
        verify(commands, never()).send(any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not valid!", "2f1c6f7e-0000-3000-8000-000000000001", "TOO-LONG"})
    void aSupplierIdThatCannotNameASupplierIsABadRequest(String supplierId) {
        put(ADMIN_A, supplierId.equals("TOO-LONG") ? "a".repeat(101) : supplierId, SUPPLIER).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        verify(commands, never()).send(any());
    }

    @Test
    void onlyAdminKeysMayAdministerSuppliers() {
        put(READER_A, "acme", SUPPLIER).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/suppliers/acme").header("X-Api-Key", READER_A).exchange().expectStatus().isForbidden();
        publishCatalog(READER_A, "acme", CATALOG).expectStatus().isForbidden();
        web.put().uri("/api/v1/suppliers/acme").contentType(MediaType.APPLICATION_JSON).bodyValue(SUPPLIER)
                .exchange().expectStatus().isUnauthorized();
        verify(commands, never()).send(any());
    }

    @Test
    void readsTheSupplierOfTheCallersRetailerWithoutSecrets() {
        var view = new SupplierView("acme", "retailer-a", 3, "Acme",
                new SupplierConnector("PARTNER_REST", "https://api.acme.example", null, null),
                List.of(new SupplierLocation("berlin", 52.52, 13.405, "DE", "BE")), List.of("DE", "AT"), 1,
                Duration.ofSeconds(4), 100, 1, true, 2, Instant.parse("2026-03-01T10:00:00Z"));
        doReturn(CompletableFuture.completedFuture(Optional.of(view)))
                .when(queries).query(any(FindSupplierQuery.class), any(ResponseType.class));

        web.get().uri("/api/v1/suppliers/acme").header("X-Api-Key", ADMIN_A).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(3)
                .jsonPath("$.catalogVersion").isEqualTo(2)
                .jsonPath("$.shipsTo[0]").isEqualTo("AT")
                .jsonPath("$.acceptanceSlaMinutes").isEqualTo(0.0667)
                .jsonPath("$.updatedAt").isEqualTo("2026-03-01T10:00:00Z")
                .jsonPath("$.webhookSecrets").doesNotExist()
                .jsonPath("$.retailerId").doesNotExist();

        var query = ArgumentCaptor.forClass(Object.class);
        verify(queries).query(query.capture(), any(ResponseType.class));
        assertThat(query.getValue()).isEqualTo(new FindSupplierQuery(new SupplierId("acme"), new RetailerId("retailer-a")));
    }

    @Test
    void anotherRetailersSupplierReadsAs404() {
        doReturn(CompletableFuture.completedFuture(Optional.empty()))
                .when(queries).query(any(), any(ResponseType.class));

        web.get().uri("/api/v1/suppliers/acme").header("X-Api-Key", ADMIN_B).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/suppliers/acme/catalog").header("X-Api-Key", ADMIN_B).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void publishesACatalogAndAnswersItsVersion() {
        givenOwner("acme", "retailer-a");
        givenCommandAnswers(3);

        publishCatalog(ADMIN_A, "acme", CATALOG).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.supplierId").isEqualTo("acme")
                .jsonPath("$.catalogVersion").isEqualTo(3);

        var command = sentCommand(PublishSupplierCatalogCommand.class);
        assertThat(command.retailerId()).isEqualTo(new RetailerId("retailer-a"));
        assertThat(command.items()).containsExactly(
                new CatalogItem(new Sku("MUG"), "A-MUG", "gid://v/1", 1, new Money(new BigDecimal("3.2"), "EUR")),
                new CatalogItem(new Sku("SOCKS-6"), "A-SOCK", null, 6, new Money(new BigDecimal("1.1"), "EUR")));
    }

    @Test
    void aCatalogForAnUnknownSupplierIs404() {
        givenUnknownSupplier();
        doReturn(CompletableFuture.failedFuture(new AggregateNotFoundException("acme", "not found")))
                .when(commands).send(any());

        publishCatalog(ADMIN_A, "acme", CATALOG).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"unitsPerItem\":6|\"unitsPerItem\":0",
            "\"unitsPerItem\":6|\"unitsPerItem\":1.5",
            "\"unitCost\":3.20|\"unitCost\":-1",
            "\"unitCost\":3.20|\"unitCost\":0.00001",
            "\"currency\":\"EUR\"}]|\"currency\":\"eur\"}]",
            "\"sku\":\"MUG\",|",
            "{\"items\":[|{\"things\":[",
    })
    void anInvalidCatalogIsABadRequest(String replacement) {
        givenOwner("acme", "retailer-a");
        var parts = replacement.split("\\|", -1);
        var body = CATALOG.replace(parts[0], parts[1]);
        assertThat(body).isNotEqualTo(CATALOG);

        publishCatalog(ADMIN_A, "acme", body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        verify(commands, never()).send(any());
    }

    @Test
    void readsTheCatalogInForce() {
        var catalog = new SupplierCatalogView("acme", 2, List.of(
                new CatalogItem(new Sku("MUG"), "A-MUG", null, 1, new Money(new BigDecimal("3.2"), "EUR"))));
        doReturn(CompletableFuture.completedFuture(Optional.of(catalog)))
                .when(queries).query(any(FindSupplierCatalogQuery.class), any(ResponseType.class));

        web.get().uri("/api/v1/suppliers/acme/catalog").header("X-Api-Key", ADMIN_A).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.catalogVersion").isEqualTo(2)
                .jsonPath("$.items[0].sku").isEqualTo("MUG")
                .jsonPath("$.items[0].unitCost").isEqualTo(3.2)
                .jsonPath("$.items[0].currency").isEqualTo("EUR");
    }

    private void givenUnknownSupplier() {
        doReturn(Mono.empty()).when(supplierOwners).ownerOf(anyString());
    }

    private void givenOwner(String supplierId, String retailerId) {
        doReturn(Mono.just(retailerId)).when(supplierOwners).ownerOf(supplierId);
    }

    private void givenCommandAnswers(int version) {
        doReturn(CompletableFuture.completedFuture(version)).when(commands).send(any());
    }

    private void givenSecretsStored() {
        doReturn(Mono.empty()).when(supplierSecrets).store(anyString(), any(), any());
    }

    private <T> T sentCommand(Class<T> type) {
        var captor = ArgumentCaptor.forClass(Object.class);
        verify(commands).send(captor.capture());
        return type.cast(((CommandMessage<?>) captor.getValue()).getPayload());
    }

    @Test
    void supplierIdsAreCaseInsensitive() {
        givenUnknownSupplier();
        givenCommandAnswers(1);
        givenSecretsStored();

        put(ADMIN_A, "ACME", SUPPLIER).expectStatus().isOk().expectBody().jsonPath("$.supplierId").isEqualTo("acme");

        assertThat(sentCommand(RegisterSupplierCommand.class).supplierId()).isEqualTo(new SupplierId("acme"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest/meta-data", "https://127.0.0.1:8443", "https://localhost",
            "https://[::1]/", "https://10.1.2.3", "https://192.168.0.10", "https://2130706433", "https://0x7f.1",
            "https://metadata.google.internal", "https://intranet", "https://[::ffff:169.254.169.254]",
            "http://api.acme.example/v1", "http://localhost:9999"})
    void supplierUrlsThatPointIntoTheServicesOwnNetworkAre400(String url) {
        put(ADMIN_A, "acme", SUPPLIER.replace("https://api.acme.example/v1/", url)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field")
                .value(field -> assertThat((String) field).startsWith("connector.baseUrl"));
        verify(commands, never()).send(any());
    }

    @Test
    void shopDomainsArePublicHostNames() {
        String shop = SUPPLIER.replace("{\"type\":\"PARTNER_REST\",\"baseUrl\":\"https://api.acme.example/v1/\"}",
                "{\"type\":\"SHOPIFY\",\"shopDomain\":\"localhost\"}");
        assertThat(shop).isNotEqualTo(SUPPLIER);
        put(ADMIN_A, "acme", shop).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("connector.shopDomain");
    }

    @Test
    void unknownCurrenciesAndCountriesAre400() {
        put(ADMIN_A, "acme", SUPPLIER.replace("\"country\":\"DE\"", "\"country\":\"ZZ\"")).expectStatus().isBadRequest();
        publishCatalog(ADMIN_A, "acme", CATALOG.replace("\"EUR\"", "\"XXX\"")).expectStatus().isBadRequest();
        verify(commands, never()).send(any());
    }

    private WebTestClient.ResponseSpec put(String apiKey, String supplierId, String body) {
        return web.put().uri("/api/v1/suppliers/{id}", supplierId).header("X-Api-Key", apiKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec publishCatalog(String apiKey, String supplierId, String body) {
        return web.put().uri("/api/v1/suppliers/{id}/catalog", supplierId).header("X-Api-Key", apiKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
