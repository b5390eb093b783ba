package io.orderflow.app;

import java.time.Duration;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Every HTTP client of the tests runs on event loops and a connection pool of their own, not on Reactor Netty's global
 * ones. A test that starts and closes an application context of its own (AxonServerModeOffIT, TracingIT, RestartIT,
 * ...) disposes the global loops; a request that was given them then never connects (its address resolver's loop is
 * gone, which is only logged: "Event loop shut down?") and the test waits out its timeout. That is how a webhook test
 * and, with a client kept across tests, every test after such a context once hung. The pool also leaves room for every
 * connection the suite keeps open, and reports a connection left busy after 10 s instead of hanging.
 */
final class TestHttp {

    private static final LoopResources LOOPS = LoopResources.create("integration-tests-http", 2, true);
    private static final ConnectionProvider CONNECTIONS = ConnectionProvider.builder("integration-tests")
            .maxConnections(256)
            .pendingAcquireTimeout(Duration.ofSeconds(10))
            .maxIdleTime(Duration.ofSeconds(20))
            .build();
    private static final ReactorClientHttpConnector POOLED = connector(CONNECTIONS);
    private static final ReactorClientHttpConnector CONNECTION_PER_REQUEST =
            connector(ConnectionProvider.newConnection());

    private TestHttp() {
    }

    /** A client on the tests' loops and pool; its base URL and response timeout are the caller's. */
    static WebTestClient.Builder client() {
        return WebTestClient.bindToServer(POOLED);
    }

    /**
     * A client that opens a connection for each request and closes it after the answer, for tests whose requests are
     * refused before they are read: no later request is sent on a connection the service is giving up.
     */
    static WebTestClient.Builder connectionPerRequest() {
        return WebTestClient.bindToServer(CONNECTION_PER_REQUEST);
    }

    private static ReactorClientHttpConnector connector(ConnectionProvider connections) {
        return new ReactorClientHttpConnector(HttpClient.create(connections).runOn(LOOPS));
    }
}
