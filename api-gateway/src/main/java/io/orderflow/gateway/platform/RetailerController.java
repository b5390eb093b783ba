package io.orderflow.gateway.platform;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.port.ApiKeyAdministration;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** The platform operator's retailers (scope {@code platform}): the tenants that API keys are issued for. */
@RestController
@RequestMapping("/api/v1/platform/retailers")
class RetailerController {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ApiKeyAdministration administration;

    RetailerController(ApiKeyAdministration administration) {
        this.administration = administration;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PlatformResponses.Retailer> create(@AuthenticationPrincipal Caller caller,
                                            @Valid @RequestBody PlatformRequests.CreateRetailer body,
                                            ServerHttpResponse response) {
        return administration.createRetailer(body.retailerId(), body.name().strip(), caller.actor())
                .timeout(TIMEOUT)
                .onErrorMap(failure -> PlatformFailures.of(failure, "Creating the retailer"))
                .switchIfEmpty(Mono.error(() -> Problems.error(HttpStatus.CONFLICT,
                        "A retailer " + body.retailerId() + " exists already.")))
                .map(created -> {
                    response.getHeaders().setLocation(URI.create("/api/v1/platform/retailers/" + created.retailerId()));
                    return PlatformResponses.Retailer.of(created);
                });
    }

    @GetMapping
    Mono<List<PlatformResponses.Retailer>> retailers() {
        return administration.retailers()
                .map(PlatformResponses.Retailer::of)
                .collectList()
                .timeout(TIMEOUT)
                .onErrorMap(failure -> PlatformFailures.of(failure, "Reading the retailers"));
    }

    @GetMapping("/{retailerId}")
    Mono<PlatformResponses.Retailer> retailer(@PathVariable("retailerId") String retailerId) {
        if (!RetailerId.isWellFormed(retailerId)) {
            return Mono.error(PlatformFailures.noSuchRetailer());
        }
        return administration.retailer(retailerId)
                .timeout(TIMEOUT)
                .onErrorMap(failure -> PlatformFailures.of(failure, "Reading the retailer"))
                .map(PlatformResponses.Retailer::of)
                .switchIfEmpty(Mono.error(PlatformFailures::noSuchRetailer));
    }
}
