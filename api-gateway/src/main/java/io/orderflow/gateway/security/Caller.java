package io.orderflow.gateway.security;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.Set;

/**
 * Who is calling: the authenticated principal. Controllers take it as {@code @AuthenticationPrincipal Caller}
 * and must scope every command and query to {@link #retailerId()}. scheme: how the caller proved it
 * ({@value #API_KEY} or {@value #BEARER_TOKEN}); keyName: the key's name, or the token's subject.
 */
public record Caller(RetailerId retailerId, String keyName, Set<String> scopes, String scheme) {

    public static final String API_KEY = "api-key";
    public static final String BEARER_TOKEN = "jwt";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public Caller(RetailerId retailerId, String keyName, Set<String> scopes) {
        this(retailerId, keyName, scopes, API_KEY);
    }

    /** Whole-store operations (replays, integrity over every retailer): a scope no retailer's key is given. */
    public static final String PLATFORM_SCOPE = "platform";

    /** The scopes a retailer's key or token may carry: every scope but {@link #PLATFORM_SCOPE}. */
    public static final Set<String> RETAILER_SCOPES = Set.of("orders:write", "orders:read", "admin", "audit", "ops");

    public boolean isPlatformOperator() {
        return scopes.contains(PLATFORM_SCOPE);
    }

    /** The actor recorded in command metadata and so in the audit trail. */
    public String actor() {
        return scheme + ":" + keyName;
    }
}
