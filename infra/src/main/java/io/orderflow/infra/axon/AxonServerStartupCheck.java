package io.orderflow.infra.axon;

import java.time.Duration;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Axon Server mode: the service does not come up half-connected. Once every bean exists, and before Axon starts its
 * processors, the HTTP server opens or anything sends a command, the connection to Axon Server must be up within
 * {@code orderflow.axonserver.startup-timeout}; otherwise start-up fails, naming Axon Server and the address tried.
 * (The connector alone would start anyway and retry in the background, failing every command meanwhile.)
 */
class AxonServerStartupCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AxonServerStartupCheck.class);
    private static final long POLL_MS = 100;

    private final AxonServerConnectionManager connections;
    private final AxonServerConfiguration configuration;
    private final Duration timeout;

    AxonServerStartupCheck(AxonServerConnectionManager connections, AxonServerConfiguration configuration,
                           Duration timeout) {
        this.connections = connections;
        this.configuration = configuration;
        this.timeout = timeout;
    }

    @Override
    public void afterSingletonsInstantiated() {
        long deadline = System.nanoTime() + timeout.toNanos();
        String context = connections.getDefaultContext();
        // the first attempt runs on this thread, bounded by axon.axonserver.connect-timeout per address
        var connection = connections.getConnection(context);
        while (!connection.isConnected()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AxonServerUnreachableException(configuration.getServers(), context, timeout);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AxonServerUnreachableException(configuration.getServers(), context, timeout);
            }
        }
        log.info("Axon Server mode: connected to {} (context {}); commands, queries and events go through it",
                configuration.getServers(), context);
    }
}
