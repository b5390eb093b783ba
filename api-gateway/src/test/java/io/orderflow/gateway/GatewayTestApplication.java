package io.orderflow.gateway;

import io.orderflow.gateway.port.ApiKeyStore;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import reactor.core.publisher.Mono;

/** The gateway alone: its controllers, filters and security, with fakes and mocks behind the ports. */
@SpringBootApplication
public class GatewayTestApplication {

    public static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    public static final String WRITER_A = "key-retailer-a-writer";
    public static final String READER_A = "key-retailer-a-reader";
    public static final String READER_B = "key-retailer-b-reader";
    public static final String AUDITOR_A = "key-retailer-a-auditor";
    public static final String ADMIN_A = "key-retailer-a-admin";
    public static final String ADMIN_B = "key-retailer-b-admin";
    public static final String PLATFORM = "key-platform-operator";

    @Bean
    @Primary
    Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Bean
    InMemoryPersonalDataVault personalDataVault() {
        return new InMemoryPersonalDataVault();
    }

    @Bean
    InMemoryIdempotencyStore idempotencyStore() {
        return new InMemoryIdempotencyStore();
    }

    @Bean
    ApiKeyStore apiKeys() {
        Map<String, ApiKeyStore.ApiKey> byHash = Map.of(
                ApiKeyStore.sha256Hex(WRITER_A), new ApiKeyStore.ApiKey("storefront-a", "retailer-a", Set.of("orders:write", "orders:read")),
                ApiKeyStore.sha256Hex(READER_A), new ApiKeyStore.ApiKey("reader-a", "retailer-a", Set.of("orders:read")),
                ApiKeyStore.sha256Hex(READER_B), new ApiKeyStore.ApiKey("reader-b", "retailer-b", Set.of("orders:read")),
                ApiKeyStore.sha256Hex(ADMIN_A), new ApiKeyStore.ApiKey("admin-a", "retailer-a", Set.of("admin")),
                ApiKeyStore.sha256Hex(ADMIN_B), new ApiKeyStore.ApiKey("admin-b", "retailer-b", Set.of("admin")),
                ApiKeyStore.sha256Hex(AUDITOR_A), new ApiKeyStore.ApiKey("auditor-a", "retailer-a", Set.of("audit", "orders:read")),
                ApiKeyStore.sha256Hex(PLATFORM), new ApiKeyStore.ApiKey("platform", "platform-operator", Set.of("platform", "audit")));
        return hash -> Mono.justOrEmpty(byHash.get(hash));
    }
}
