package io.orderflow.infra.axon;

import java.time.Duration;

/** Axon Server mode is on and no Axon Server answered in time: the service must not start. */
public class AxonServerUnreachableException extends IllegalStateException {

    private final String servers;

    AxonServerUnreachableException(String servers, String context, Duration timeout) {
        super("Axon Server mode is on (orderflow.axonserver.servers / ORDERFLOW_AXONSERVER_SERVERS), but no Axon Server"
                + " answered at " + servers + " (context '" + context + "') within " + timeout.toMillis() + " ms");
        this.servers = servers;
    }

    public String servers() {
        return servers;
    }
}
