package io.orderflow.gateway.admin;

import io.orderflow.gateway.port.RetailerStores;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * The caller's own Shopify store (scope {@code admin}): orders come in from its {@code orders/create} webhook at
 * {@code /webhooks/shopify-store/{retailerId}}; fulfillments, tracking, cancellations and availability go back to it.
 */
@RestController
@RequestMapping("/api/v1/retailer-store")
class RetailerStoreController {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RetailerStores stores;
    private final SupplierUrls urls;
    private final String defaultVersion;

    RetailerStoreController(RetailerStores stores, SupplierUrls urls,
                            @Value("${orderflow.shopify.api-version:2025-10}") String defaultVersion) {
        this.stores = stores;
        this.urls = urls;
        this.defaultVersion = defaultVersion;
    }

    @PutMapping
    Mono<RetailerStores.StoreView> connect(@AuthenticationPrincipal Caller caller,
                                           @Valid @RequestBody RetailerStoreRequest body) {
        if (body.baseUrl() != null && !urls.isAllowed(body.baseUrl())) {
            return Mono.error(invalid("baseUrl", SupplierUrls.RULE));
        }
        if (body.baseUrl() == null && !urls.isAllowed("https://" + body.shopDomain())) {
            return Mono.error(invalid("shopDomain", "must be a public host name"));
        }
        var settings = new RetailerStores.StoreSettings(body.shopDomain().toLowerCase(java.util.Locale.ROOT),
                body.baseUrl(), body.apiVersion() == null ? defaultVersion : body.apiVersion(), body.accessToken(),
                body.webhookSecrets(), body.locationId(), body.cancelledLinesOrDefault(),
                body.customerNotificationsOrDefault());
        return stores.connect(caller.retailerId(), settings)
                .timeout(TIMEOUT)
                .onErrorMap(failure -> failure instanceof IllegalArgumentException
                        ? Problems.error(HttpStatus.BAD_REQUEST, failure.getMessage())
                        : AdminFailures.ofRead(failure, "Connecting the retailer's store"));
    }

    @GetMapping
    Mono<RetailerStores.StoreView> store(@AuthenticationPrincipal Caller caller) {
        return stores.find(caller.retailerId())
                .timeout(TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Reading the retailer's store"))
                .switchIfEmpty(Mono.error(() -> Problems.error(HttpStatus.NOT_FOUND, "No store is connected.")));
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> disconnect(@AuthenticationPrincipal Caller caller) {
        return stores.disconnect(caller.retailerId())
                .timeout(TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Disconnecting the retailer's store"))
                .flatMap(disconnected -> disconnected ? Mono.<Void>empty()
                        : Mono.error(Problems.error(HttpStatus.NOT_FOUND, "No store is connected.")));
    }

    private static Throwable invalid(String field, String message) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
