package io.orderflow.gateway.admin;

import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.FindSupplierCatalogQuery;
import io.orderflow.coreapi.supplier.FindSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierCatalogView;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.port.ClientCertificate;
import io.orderflow.gateway.port.SupplierOwners;
import io.orderflow.gateway.port.SupplierSecretStore;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Supplier administration, scope {@code admin}, always within the caller's retailer. Settings and
 * catalogs go to the Supplier aggregate as commands; secrets go to the secret store, only once the command
 * succeeded, and are never answered. Reads come from the supplier directory, which follows within moments.
 */
@RestController
@RequestMapping("/api/v1/suppliers")
class SupplierAdminController {

    private static final Logger log = LoggerFactory.getLogger(SupplierAdminController.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final AxonCalls axon;
    private final SupplierOwners owners;
    private final SupplierSecretStore secrets;
    private final SupplierUrls urls;

    private final Clock clock;

    SupplierAdminController(AxonCalls axon, SupplierOwners owners, SupplierSecretStore secrets, SupplierUrls urls,
                            Clock clock) {
        this.urls = urls;
        this.clock = clock;
        this.axon = axon;
        this.owners = owners;
        this.secrets = secrets;
    }

    @PutMapping("/{supplierId}")
    Mono<SupplierResponse> register(@AuthenticationPrincipal Caller caller,
                                    @PathVariable("supplierId") String rawSupplierId,
                                    @Valid @RequestBody SupplierRequest body, ServerWebExchange exchange) {
        String supplierId = InputRules.supplierId(rawSupplierId);
        if (!SupplierIds.isValid(supplierId)) {
            return Mono.error(invalid("supplierId", SupplierIds.RULE));
        }
        var errors = new ArrayList<>(urls.check(body.connector()));
        var tls = ClientCertificateRules.check(body, clock.instant());
        errors.addAll(tls.errors());
        if (!errors.isEmpty()) {
            return Mono.error(Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.",
                    Map.of("errors", errors)));
        }
        var command = body.toCommand(new SupplierId(supplierId), caller.retailerId());
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of("correlationId", CorrelationId.of(exchange), "actor", caller.actor()));
        return requireNotAnotherRetailers(caller, supplierId)
                .then(requireWebhookSecrets(supplierId, body))
                .then(axon.send(message).timeout(COMMAND_TIMEOUT))
                .onErrorMap(failure -> AdminFailures.ofCommand(failure, "Saving the supplier"))
                .cast(Integer.class)
                .flatMap(version -> storeSecrets(supplierId, body)
                        .then(storeMutualTls(supplierId, body, tls.certificate()))
                        .thenReturn(SupplierResponse.of(command, version).presenting(tls.certificate())));
    }

    @GetMapping("/{supplierId}")
    Mono<SupplierResponse> supplier(@AuthenticationPrincipal Caller caller,
                                    @PathVariable("supplierId") String rawSupplierId) {
        String supplierId = InputRules.supplierId(rawSupplierId);
        if (!SupplierIds.isValid(supplierId)) {
            return Mono.error(AdminFailures.noSuchSupplier());
        }
        return axon.query(new FindSupplierQuery(new SupplierId(supplierId), caller.retailerId()),
                        ResponseTypes.optionalInstanceOf(SupplierView.class))
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Reading the supplier"))
                .flatMap(Mono::justOrEmpty)
                // the query is already scoped to the caller's retailer; this is the second lock on the same door
                .filter(view -> caller.retailerId().value().equals(view.retailerId()))
                .map(SupplierResponse::of)
                .flatMap(response -> secrets.clientCertificateOf(supplierId)
                        .timeout(READ_TIMEOUT)
                        .onErrorMap(failure -> AdminFailures.ofRead(failure, "Reading the supplier's client certificate"))
                        .map(response::presenting)
                        .defaultIfEmpty(response))
                .switchIfEmpty(Mono.error(AdminFailures::noSuchSupplier));
    }

    @PutMapping("/{supplierId}/catalog")
    Mono<CatalogResponses.Published> publishCatalog(@AuthenticationPrincipal Caller caller,
                                                    @PathVariable("supplierId") String rawSupplierId,
                                                    @Valid @RequestBody CatalogRequest body,
                                                    ServerWebExchange exchange) {
        String supplierId = InputRules.supplierId(rawSupplierId);
        if (!SupplierIds.isValid(supplierId)) {
            return Mono.error(AdminFailures.noSuchSupplier());
        }
        var command = body.toCommand(new SupplierId(supplierId), caller.retailerId());
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of("correlationId", CorrelationId.of(exchange), "actor", caller.actor()));
        // a supplier the directory does not know yet is left to the aggregate: unknown there is a 404 too
        return requireNotAnotherRetailers(caller, supplierId)
                .then(axon.send(message).timeout(COMMAND_TIMEOUT))
                .onErrorMap(failure -> AdminFailures.ofCommand(failure, "Publishing the catalog"))
                .cast(Integer.class)
                .map(version -> new CatalogResponses.Published(supplierId, version));
    }

    @GetMapping("/{supplierId}/catalog")
    Mono<CatalogResponses.Catalog> catalog(@AuthenticationPrincipal Caller caller,
                                           @PathVariable("supplierId") String rawSupplierId) {
        String supplierId = InputRules.supplierId(rawSupplierId);
        if (!SupplierIds.isValid(supplierId)) {
            return Mono.error(AdminFailures.noSuchSupplier());
        }
        return axon.query(new FindSupplierCatalogQuery(new SupplierId(supplierId), caller.retailerId()),
                        ResponseTypes.optionalInstanceOf(SupplierCatalogView.class))
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Reading the catalog"))
                .flatMap(Mono::justOrEmpty)
                .map(CatalogResponses.Catalog::of)
                .switchIfEmpty(Mono.error(AdminFailures::noSuchSupplier));
    }

    // Same answer whether the supplier is unknown or another retailer's: ids must not leak across tenants.
    private Mono<Void> requireNotAnotherRetailers(Caller caller, String supplierId) {
        return owners.ownerOf(supplierId)
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Looking up the supplier"))
                .flatMap(owner -> owner.equals(caller.retailerId().value())
                        ? Mono.<Void>empty()
                        : Mono.error(AdminFailures.noSuchSupplier()))
                .then();
    }

    private Mono<Void> requireWebhookSecrets(String supplierId, SupplierRequest body) {
        if (body.webhookSecrets() != null) {
            return Mono.empty();
        }
        return secrets.holdsSecretsOf(supplierId)
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Looking up the supplier's secrets"))
                .flatMap(held -> held ? Mono.<Void>empty() : Mono.error(invalid("webhookSecrets",
                        "are required when a supplier is registered; later updates may leave them out")))
                .then();
    }

    // After the command: a supplier whose settings were refused keeps the secrets it had.
    private Mono<Void> storeSecrets(String supplierId, SupplierRequest body) {
        if (body.webhookSecrets() == null && body.apiSecret() == null) {
            return Mono.empty();
        }
        return secrets.store(supplierId, body.apiSecretOrDefault(), body.webhookSecrets())
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> {
                    log.warn("Secrets of supplier {} not stored: {}", supplierId, failure.toString());
                    return AdminFailures.unavailable("Storing the supplier's secrets");
                });
    }

    /** After the other secrets, so that the supplier's row exists: "" removes, a field left out keeps. */
    private Mono<Void> storeMutualTls(String supplierId, SupplierRequest body, ClientCertificate certificate) {
        Mono<Void> stored = Mono.empty();
        if (body.clientCertificatePem() != null) {
            stored = body.clientCertificatePem().isEmpty()
                    ? secrets.storeClientCertificate(supplierId, null, null, null)
                    : secrets.storeClientCertificate(supplierId, certificate, body.clientCertificatePem(),
                            body.clientKeyPem());
        }
        if (body.trustedCaPem() != null) {
            stored = stored.then(secrets.storeTrustedCa(supplierId,
                    body.trustedCaPem().isEmpty() ? null : body.trustedCaPem()));
        }
        return stored.timeout(READ_TIMEOUT)
                .onErrorMap(failure -> {
                    log.warn("Client certificate of supplier {} not stored: {}", supplierId, failure.toString());
                    return AdminFailures.unavailable("Storing the supplier's client certificate");
                });
    }

    private static Throwable invalid(String field, String message) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The request is invalid.",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
