package io.orderflow.gateway.security;

import io.orderflow.gateway.port.ApiKeyStore;
import io.orderflow.gateway.web.Problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.util.StringUtils;

import reactor.core.publisher.Mono;

/**
 * API keys in {@code X-Api-Key}, scopes as {@code SCOPE_} authorities. Stateless: no session, no CSRF (no
 * cookies are ever honoured), no login forms.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    static final String API_KEY_HEADER = "X-Api-Key";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    // A bean of this type also stops Boot from creating its default user with a generated password.
    @Bean
    ReactiveAuthenticationManager apiKeyAuthenticationManager(ApiKeyStore keys) {
        return new ApiKeyAuthenticationManager(keys);
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveAuthenticationManager apiKeys) {
        var apiKeyFilter = new AuthenticationWebFilter(apiKeys);
        apiKeyFilter.setServerAuthenticationConverter(exchange -> Mono
                .justOrEmpty(exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER))
                .filter(StringUtils::hasText)
                .map(PresentedApiKey::new));
        // only the API takes keys: a stray header on a webhook or the tracking page must not turn into a 401
        apiKeyFilter.setRequiresAuthenticationMatcher(new AndServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers("/api/**"),
                new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/api/v1/tracking/**"))));
        apiKeyFilter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        apiKeyFilter.setAuthenticationFailureHandler((filterExchange, failure) ->
                unauthenticated().commence(filterExchange.getExchange(), failure));

        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .addFilterAt(apiKeyFilter, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.POST, "/api/v1/orders").hasAuthority("SCOPE_orders:write")
                        .pathMatchers(HttpMethod.POST, "/api/v1/orders/*/cancellation").hasAuthority("SCOPE_orders:write")
                        .pathMatchers(HttpMethod.GET, "/api/v1/orders/**").hasAuthority("SCOPE_orders:read")
                        .pathMatchers(HttpMethod.POST, "/api/v1/routing/preview")
                        .hasAnyAuthority("SCOPE_orders:write", "SCOPE_admin")
                        // supplier and routing-policy administration (issue 3)
                        .pathMatchers("/api/v1/suppliers/**", "/api/v1/routing-policy").hasAuthority("SCOPE_admin")
                        // dead letters (issue 4)
                        .pathMatchers("/api/v1/admin/**").hasAuthority("SCOPE_admin")
                        .pathMatchers(HttpMethod.GET, "/api/v1/inventory").hasAnyAuthority("SCOPE_orders:read", "SCOPE_admin")
                        .pathMatchers(HttpMethod.GET, "/api/v1/exceptions").hasAnyAuthority("SCOPE_orders:read", "SCOPE_admin")
                        .pathMatchers(HttpMethod.POST, "/api/v1/suppliers/*/stock").hasAuthority("SCOPE_admin")
                        // auditors (issue 6); the tracking JSON is opened by its signed token, like the page
                        // whole-store operations (issue 11): rebuilding a read model rebuilds every retailer's
                        .pathMatchers("/api/v1/audit/replays", "/api/v1/audit/replays/**", "/api/v1/audit/read-models")
                        .hasAuthority("SCOPE_platform")
                        .pathMatchers(HttpMethod.GET, "/api/v1/audit/integrity")
                        .hasAnyAuthority("SCOPE_audit", "SCOPE_platform")
                        .pathMatchers("/api/v1/audit/**").hasAuthority("SCOPE_audit")
                        .pathMatchers(HttpMethod.GET, "/api/v1/tracking/**").permitAll()
                        .pathMatchers("/webhooks/**", "/actuator/health/**", "/track/**", "/v3/api-docs/**").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        // deny by default: whatever is added later must say who may use it
                        .anyExchange().authenticated())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated())
                        .accessDeniedHandler(forbidden()))
                .build();
    }

    private static ServerAuthenticationEntryPoint unauthenticated() {
        return (exchange, failure) -> {
            if (failure instanceof AuthenticationServiceException) {
                log.warn("API key lookup failed: {}", failure.getCause() != null ? failure.getCause().toString() : "");
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                return Problems.write(exchange, Problems.problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "Authentication is unavailable right now; retry shortly."));
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + API_KEY_HEADER + "\"");
            return Problems.write(exchange, Problems.problem(HttpStatus.UNAUTHORIZED,
                    "A valid API key is required in the " + API_KEY_HEADER + " header."));
        };
    }

    private static ServerAccessDeniedHandler forbidden() {
        return (exchange, denied) -> Problems.write(exchange, Problems.problem(HttpStatus.FORBIDDEN,
                "This API key lacks the scope this operation needs."));
    }
}
