package io.orderflow.gateway.tracking;

import io.orderflow.gateway.GatewayTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class TrackingAccessTest extends GatewayTestSupport {

    @Autowired
    TrackingTokens tokens;

    @Test
    void aMadeUpOrAlteredTokenGetsA404PageWithoutAnyLookup() {
        String token = tokens.token("2f1c6f7e-0000-3000-8000-000000000001");
        String altered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        for (String wrong : new String[] {"nonsense", altered, "a.b.c"}) {
            web.get().uri("/track/{token}", wrong).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("default-src 'none'"))
                    .expectBody(String.class).value(body -> assertThat(body).contains("could not find this tracking link"));
            web.get().uri("/api/v1/tracking/{token}", wrong).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        verify(queries, never()).query(any(), any(org.axonframework.messaging.responsetypes.ResponseType.class));
    }

    @Test
    void theTrackingJsonNeedsNoKeyAndIgnoresAStrayOne() {
        web.get().uri("/api/v1/tracking/{token}", "nonsense").header("X-Api-Key", "not-a-key").exchange()
                .expectStatus().isNotFound();
    }
}
