package io.orderflow.gateway.platform;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.port.ApiKeyAdministration;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * A retailer's API keys (scope {@code platform}): issued, listed, rotated and revoked. A key is answered once, when it
 * is issued or rotated, and is stored only as its SHA-256; listings show its prefix. A revoked or rotated key stops
 * working before the answer is sent, on every node. No key of a retailer may get the scope {@code platform}.
 */
@RestController
@RequestMapping("/api/v1/platform/retailers/{retailerId}/keys")
class ApiKeyController {

    private final ApiKeyAdministration administration;

    ApiKeyController(ApiKeyAdministration administration) {
        this.administration = administration;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PlatformResponses.IssuedKey> issue(@AuthenticationPrincipal Caller caller,
                                            @PathVariable("retailerId") String retailerId,
                                            @Valid @RequestBody PlatformRequests.IssueKey body,
                                            ServerHttpResponse response) {
        List<String> scopes;
        try {
            scopes = scopes(body.scopes());
        } catch (RuntimeException invalid) {
            return Mono.error(invalid);
        }
        var secret = ApiKeySecrets.next();
        return requireRetailer(retailerId)
                .then(administration.issue(retailerId, new ApiKeyAdministration.NewKey(body.name().strip(), scopes,
                        secret.hash(), secret.prefix()), caller.actor()))
                .timeout(RetailerController.TIMEOUT)
                .onErrorMap(failure -> PlatformFailures.of(failure, "Issuing the key"))
                .map(issued -> {
                    response.getHeaders().setCacheControl(CacheControl.noStore());
                    return PlatformResponses.IssuedKey.of(retailerId, issued, secret.key());
                });
    }

    @GetMapping
    Mono<List<PlatformResponses.Key>> keys(@PathVariable("retailerId") String retailerId) {
        return requireRetailer(retailerId)
                .thenMany(administration.keys(retailerId))
                .map(PlatformResponses.Key::of)
                .collectList()
                .timeout(RetailerController.TIMEOUT)
                .onErrorMap(failure -> PlatformFailures.of(failure, "Reading the keys"));
    }

    /** A new secret for the same key; the old one stops working at once (no overlap: hand the new one out first). */
    @PostMapping("/{keyId}/rotation")
    Mono<PlatformResponses.IssuedKey> rotate(@AuthenticationPrincipal Caller caller,
                                             @PathVariable("retailerId") String retailerId,
                                             @PathVariable("keyId") String rawKeyId, ServerHttpResponse response) {
        UUID keyId = keyId(rawKeyId);
        if (keyId == null || !RetailerId.isWellFormed(retailerId)) {
            return Mono.error(PlatformFailures.noSuchKey());
        }
        var secret = ApiKeySecrets.next();
        return administration.rotate(retailerId, keyId, secret.hash(), secret.prefix(), caller.actor())
                .timeout(RetailerController.TIMEOUT)
                .onErrorMap(ApiKeyAdministration.NotRotatable.class,
                        refused -> Problems.error(HttpStatus.CONFLICT, refused.getMessage()))
                .onErrorMap(failure -> PlatformFailures.of(failure, "Rotating the key"))
                .switchIfEmpty(Mono.error(PlatformFailures::noSuchKey))
                .map(rotated -> {
                    response.getHeaders().setCacheControl(CacheControl.noStore());
                    return PlatformResponses.IssuedKey.of(retailerId, rotated, secret.key());
                });
    }

    @DeleteMapping("/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable("retailerId") String retailerId,
                      @PathVariable("keyId") String rawKeyId) {
        UUID keyId = keyId(rawKeyId);
        if (keyId == null || !RetailerId.isWellFormed(retailerId)) {
            return Mono.error(PlatformFailures.noSuchKey());
        }
        return administration.revoke(retailerId, keyId, caller.actor())
                .timeout(RetailerController.TIMEOUT)
                .onErrorMap(failure -> PlatformFailures.of(failure, "Revoking the key"))
                .flatMap(revoked -> revoked ? Mono.<Void>empty() : Mono.error(PlatformFailures.noSuchKey()));
    }

    private Mono<Void> requireRetailer(String retailerId) {
        if (!RetailerId.isWellFormed(retailerId)) {
            return Mono.error(PlatformFailures.noSuchRetailer());
        }
        return administration.retailer(retailerId)
                .timeout(RetailerController.TIMEOUT)
                .onErrorMap(failure -> PlatformFailures.of(failure, "Reading the retailer"))
                .switchIfEmpty(Mono.error(PlatformFailures::noSuchRetailer))
                .then();
    }

    /** The scopes asked for, each once; the platform's own scope and unknown ones are refused, naming each. */
    static List<String> scopes(List<String> requested) {
        var errors = new ArrayList<Map<String, String>>();
        for (int i = 0; i < requested.size(); i++) {
            String scope = requested.get(i);
            if (Caller.PLATFORM_SCOPE.equals(scope)) {
                errors.add(Map.of("field", "scopes[" + i + "]", "message", "platform is the platform operator's scope"
                        + " and is never given to a retailer's key"));
            } else if (!Caller.RETAILER_SCOPES.contains(scope)) {
                errors.add(Map.of("field", "scopes[" + i + "]", "message", "must be one of "
                        + String.join(", ", new TreeSet<>(Caller.RETAILER_SCOPES))));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.", Map.of("errors", errors));
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }

    private static UUID keyId(String raw) {
        if (raw == null || raw.length() != 36) {
            return null;
        }
        try {
            var id = UUID.fromString(raw);
            return id.toString().equalsIgnoreCase(raw) ? id : null;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
