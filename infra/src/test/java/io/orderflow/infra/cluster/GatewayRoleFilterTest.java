package io.orderflow.infra.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class GatewayRoleFilterTest {

    @Test
    void withoutTheGatewayRoleOnlyTheActuatorAnswers() {
        var filter = new GatewayRoleFilter(NodeRoles.parse("projection"));

        var api = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/orders/x"));
        var passed = new AtomicBoolean();
        filter.filter(api, chain(passed)).block();
        assertThat(passed).isFalse();
        assertThat(api.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.getResponse().getBodyAsString().block()).contains("does not run the gateway role");

        var health = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health"));
        filter.filter(health, chain(passed)).block();
        assertThat(passed).isTrue();
    }

    @Test
    void aGatewayNodeLetsEverythingThrough() {
        var passed = new AtomicBoolean();
        new GatewayRoleFilter(NodeRoles.all())
                .filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/orders")), chain(passed)).block();
        assertThat(passed).isTrue();
    }

    private static WebFilterChain chain(AtomicBoolean passed) {
        return exchange -> {
            passed.set(true);
            return Mono.empty();
        };
    }
}
