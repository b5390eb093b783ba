package io.orderflow.gateway.security;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.port.ApiKeyStore;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;

import reactor.core.publisher.Mono;

class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

    // longer keys are not ours; no need to hash whatever a client sends
    private static final int MAX_KEY_LENGTH = 256;

    private final ApiKeyStore keys;

    ApiKeyAuthenticationManager(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof PresentedApiKey presented)) {
            return Mono.empty();
        }
        if (presented.key().length() > MAX_KEY_LENGTH) {
            return Mono.error(new BadCredentialsException("unknown API key"));
        }
        return keys.findByHash(ApiKeyStore.sha256Hex(presented.key()))
                .onErrorMap(e -> new AuthenticationServiceException("the API key store is unavailable", e))
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("unknown API key")))
                .map(key -> new CallerAuthentication(
                        new Caller(new RetailerId(key.retailerId()), key.name(), key.scopes())));
    }
}
