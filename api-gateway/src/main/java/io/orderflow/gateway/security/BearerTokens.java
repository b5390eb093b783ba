package io.orderflow.gateway.security;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import reactor.core.publisher.Mono;

/**
 * OAuth2 bearer JWTs. Spring Boot builds the decoder from the standard properties
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or {@code public-key-location},
 * with {@code audiences} and {@code jws-algorithms}), which checks the signature, the time, the issuer and the
 * audience; without those properties there is no decoder and no bearer token is taken. A valid token becomes the same
 * {@link Caller} as an API key: the retailer from the claim {@value #RETAILER_CLAIM}, the scopes from {@code scope}
 * (space-separated) or {@code scp} (a list or a string), kept to the scopes a retailer's key can have, so that no
 * identity provider can grant {@code platform}.
 */
final class BearerTokens {

    static final String RETAILER_CLAIM = "retailer_id";

    private BearerTokens() {
    }

    /** What every token must carry besides what Boot checks: the retailer, and the issuer whatever the key source. */
    static OAuth2TokenValidator<Jwt> validator(String issuerUri) {
        OAuth2TokenValidator<Jwt> retailer = new JwtClaimValidator<Object>(RETAILER_CLAIM,
                value -> value instanceof String text && RetailerId.isWellFormed(text));
        // Boot checks the issuer of a token found through issuer-uri or jwk-set-uri, but not always of one checked
        // with a public-key-location; checking it twice costs nothing
        return issuerUri == null || issuerUri.isBlank() ? retailer
                : new DelegatingOAuth2TokenValidator<Jwt>(List.of(new JwtIssuerValidator(issuerUri), retailer));
    }

    static Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
        String retailer = jwt.getClaimAsString(RETAILER_CLAIM);
        if (!RetailerId.isWellFormed(retailer)) {
            return Mono.error(new InvalidBearerTokenException("The token carries no valid " + RETAILER_CLAIM + "."));
        }
        return Mono.just(new CallerAuthentication(new Caller(new RetailerId(retailer), subject(jwt), scopes(jwt),
                Caller.BEARER_TOKEN)));
    }

    /** The actor in command metadata and the audit trail: the token's subject, else its client. */
    private static String subject(Jwt jwt) {
        for (String claim : List.of("sub", "client_id", "azp")) {
            String value = jwt.getClaimAsString(claim);
            if (value != null && !value.isBlank() && value.length() <= 200) {
                return value;
            }
        }
        return "unknown";
    }

    static Set<String> scopes(Jwt jwt) {
        var scopes = new HashSet<String>();
        for (String claim : List.of("scope", "scp")) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text) {
                for (String scope : text.trim().split("\\s+")) {
                    scopes.add(scope);
                }
            } else if (value instanceof Collection<?> list) {
                for (Object scope : list) {
                    if (scope instanceof String text) {
                        scopes.add(text.trim());
                    }
                }
            }
        }
        scopes.retainAll(Caller.RETAILER_SCOPES);
        return scopes;
    }
}
