package io.orderflow.gateway.security;

import io.orderflow.gateway.port.ApiKeyStore;
import io.orderflow.gateway.web.Problems;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.util.StringUtils;

import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API keys in {@code X-Api-Key}, and OAuth2 bearer JWTs when Spring Boot's resource-server properties are set
 * ({@link BearerTokens}); scopes as {@code SCOPE_} authorities. Stateless: no session, no CSRF (no cookies are ever
 * honoured), no login forms.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    static final String API_KEY_HEADER = "X-Api-Key";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Which scopes a request needs: any one of {@code scopes}. A null method matches every method. */
    record ScopeRule(HttpMethod method, List<String> paths, List<String> scopes) {

        ScopeRule(HttpMethod method, String path, String... scopes) {
            this(method, List.of(path), List.of(scopes));
        }

        void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
            var patterns = paths.toArray(String[]::new);
            var access = method == null ? exchanges.pathMatchers(patterns) : exchanges.pathMatchers(method, patterns);
            access.hasAnyAuthority(scopes.stream().map(scope -> "SCOPE_" + scope).toArray(String[]::new));
        }

        Mono<Boolean> matches(ServerWebExchange exchange) {
            var patterns = paths.toArray(String[]::new);
            var matcher = method == null ? ServerWebExchangeMatchers.pathMatchers(patterns)
                    : ServerWebExchangeMatchers.pathMatchers(method, patterns);
            return matcher.matches(exchange).map(ServerWebExchangeMatcher.MatchResult::isMatch);
        }
    }

    static final List<ScopeRule> SCOPE_RULES = List.of(
            new ScopeRule(HttpMethod.POST, "/api/v1/orders", "orders:write"),
            new ScopeRule(HttpMethod.POST, "/api/v1/orders/*/cancellation", "orders:write"),
            // operators working held and backordered orders
            new ScopeRule(HttpMethod.POST, List.of("/api/v1/orders/*/hold-release", "/api/v1/orders/*/manual-allocation",
                    "/api/v1/orders/*/backorder-retry", "/api/v1/orders/*/backorder-cancellation"), List.of("admin")),
            // candidates' costs and scores are operations' business (the console)
            new ScopeRule(HttpMethod.GET, "/api/v1/orders/*/routing-decisions", "admin"),
            new ScopeRule(HttpMethod.GET, "/api/v1/orders/**", "orders:read"),
            new ScopeRule(HttpMethod.POST, "/api/v1/routing/preview", "orders:write", "admin"),
            // supplier and routing-policy administration
            new ScopeRule(null, List.of("/api/v1/suppliers/**", "/api/v1/routing-policy"), List.of("admin")),
            // billing reconciliation: discrepancies, statements and decisions on them
            new ScopeRule(null, "/api/v1/billing/**", "admin"),
            // the retailer's own Shopify store
            new ScopeRule(null, "/api/v1/retailer-store", "admin"),
            // erasure of customers' personal data (GDPR art. 17)
            new ScopeRule(HttpMethod.POST, "/api/v1/privacy/**", "admin"),
            // dead letters
            new ScopeRule(null, "/api/v1/admin/**", "admin"),
            new ScopeRule(HttpMethod.GET, "/api/v1/inventory/drift", "admin"),
            new ScopeRule(HttpMethod.GET, "/api/v1/inventory", "orders:read", "admin"),
            new ScopeRule(HttpMethod.GET, "/api/v1/exceptions", "orders:read", "admin"),
            new ScopeRule(HttpMethod.POST, "/api/v1/suppliers/*/stock", "admin"),
            // the platform operator's: retailers and their API keys
            new ScopeRule(null, "/api/v1/platform/**", "platform"),
            // whole-store operations: rebuilding a read model rebuilds every retailer's
            new ScopeRule(null, List.of("/api/v1/audit/replays", "/api/v1/audit/replays/**", "/api/v1/audit/read-models"),
                    List.of("platform")),
            new ScopeRule(HttpMethod.GET, "/api/v1/audit/integrity", "audit", "platform"),
            // auditors; the tracking JSON is opened by its signed token, like the page
            new ScopeRule(null, "/api/v1/audit/**", "audit"),
            // operators' metrics; health stays open for probes
            new ScopeRule(null, "/actuator/prometheus", "ops"));

    // A bean of this type also stops Boot from creating its default user with a generated password.
    @Bean
    ReactiveAuthenticationManager apiKeyAuthenticationManager(ApiKeyStore keys) {
        return new ApiKeyAuthenticationManager(keys);
    }

    /** Picked up by the JWT decoder Spring Boot builds from the resource-server properties (unused without them). */
    @Bean
    OAuth2TokenValidator<Jwt> orderflowTokenRules(
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuerUri) {
        return BearerTokens.validator(issuerUri);
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveAuthenticationManager apiKeys,
                                       ObjectProvider<ReactiveJwtDecoder> jwtDecoders) {
        var apiKeyFilter = new AuthenticationWebFilter(apiKeys);
        apiKeyFilter.setServerAuthenticationConverter(exchange -> Mono
                .justOrEmpty(exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER))
                .filter(StringUtils::hasText)
                .map(PresentedApiKey::new));
        // only the API and the actuator take keys: a stray header on a webhook, the tracking page or the health probe
        // must not turn into a 401
        apiKeyFilter.setRequiresAuthenticationMatcher(CREDENTIAL_PATHS);
        apiKeyFilter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        apiKeyFilter.setAuthenticationFailureHandler((filterExchange, failure) ->
                unauthenticated().commence(filterExchange.getExchange(), failure));

        http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .addFilterAt(apiKeyFilter, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> {
                    // the first rule that matches decides, here and in the 403's text
                    SCOPE_RULES.forEach(rule -> rule.apply(exchanges));
                    exchanges
                            .pathMatchers(HttpMethod.GET, "/api/v1/tracking/**").permitAll()
                            .pathMatchers("/webhooks/**", "/actuator/health", "/actuator/health/**", "/track/**").permitAll()
                            // the operations console's page and assets hold no data; its API calls carry the key
                            .pathMatchers(HttpMethod.GET, "/console", "/console/*").permitAll()
                            // the API's description is public: it holds no data, and a reader needs no key to learn
                            // how to get one (README, "API documentation"; off with ORDERFLOW_API_DOCS=false)
                            .pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                    "/swagger-ui/**", "/webjars/swagger-ui/**").permitAll()
                            .pathMatchers("/api/**").authenticated()
                            // deny by default: whatever is added later must say who may use it
                            .anyExchange().authenticated();
                })
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated())
                        .accessDeniedHandler(forbidden()));
        var jwtDecoder = jwtDecoders.getIfUnique();
        if (jwtDecoder != null) {
            var bearerTokens = new ServerBearerTokenAuthenticationConverter();
            http.oauth2ResourceServer(server -> server
                    // like the key: a stray Authorization header on a webhook or the tracking page is not a 401
                    .bearerTokenConverter(exchange -> CREDENTIAL_PATHS.matches(exchange)
                            .flatMap(match -> match.isMatch() ? bearerTokens.convert(exchange)
                                    : Mono.<Authentication>empty()))
                    .authenticationEntryPoint(invalidBearerToken())
                    .accessDeniedHandler(forbidden())
                    .jwt(jwt -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(BearerTokens::authentication)));
        }
        return http.build();
    }

    /** Only the API and the actuator take credentials; health and the tracking JSON stay open. */
    private static final ServerWebExchangeMatcher CREDENTIAL_PATHS = new AndServerWebExchangeMatcher(
            ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator/**"),
            new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/api/v1/tracking/**",
                    "/actuator/health", "/actuator/health/**")));

    /** A bearer token that is not valid here; the reason is not told (it helps only someone forging tokens). */
    private static ServerAuthenticationEntryPoint invalidBearerToken() {
        return (exchange, failure) -> {
            if (failure instanceof AuthenticationServiceException) {
                log.warn("Bearer token check failed: {}", failure.getCause() != null ? failure.getCause().toString()
                        : failure.getMessage());
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                return Problems.write(exchange, Problems.problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "Authentication is unavailable right now; retry shortly."));
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            return Problems.write(exchange, Problems.problem(HttpStatus.UNAUTHORIZED, "The bearer token is not valid"
                    + " here: it must be signed by the configured issuer, unexpired, meant for this API, and carry a "
                    + BearerTokens.RETAILER_CLAIM + "."));
        };
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

    /** Names the scope this request needs, so that the caller knows which key to use. */
    private static ServerAccessDeniedHandler forbidden() {
        return (exchange, denied) -> Flux.fromIterable(SCOPE_RULES)
                .concatMap(rule -> rule.matches(exchange).filter(Boolean::booleanValue).map(match -> rule))
                .next()
                .map(rule -> Problems.problem(HttpStatus.FORBIDDEN, "This API key lacks the scope "
                                + String.join(" or ", rule.scopes()) + " that " + exchange.getRequest().getMethod() + " "
                                + exchange.getRequest().getPath().value() + " needs.",
                        Map.of("requiredScopes", rule.scopes())))
                .defaultIfEmpty(Problems.problem(HttpStatus.FORBIDDEN, "This API key lacks the scope this request needs."))
                .flatMap(problem -> Problems.write(exchange, problem));
    }
}
