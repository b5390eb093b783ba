package io.orderflow.infra.axon;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start-up without a reachable Axon Server into Boot's "APPLICATION FAILED TO START" with what to do. */
class AxonServerUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<AxonServerUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AxonServerUnreachableException cause) {
        return new FailureAnalysis(cause.getMessage() + ". See the connector's warnings above for the cause.",
                "Start Axon Server at " + cause.servers() + " or correct ORDERFLOW_AXONSERVER_SERVERS; to run on"
                        + " PostgreSQL alone (the default), leave ORDERFLOW_AXONSERVER_SERVERS unset.",
                cause);
    }
}
