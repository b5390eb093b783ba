package io.orderflow.gateway.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** An API key as presented, before it was checked. Holds the key only until it is hashed. */
final class PresentedApiKey extends AbstractAuthenticationToken {

    private final String key;

    PresentedApiKey(String key) {
        super(List.of());
        this.key = key;
    }

    String key() {
        return key;
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return "api-key";
    }

    @Override
    public String toString() {
        return "PresentedApiKey[redacted]";
    }
}
