package io.orderflow.infra.cluster;

import java.util.Locale;

/**
 * The parts of orderflow a node can run ({@code ORDERFLOW_ROLES}, all of them by default). Commands and queries travel
 * on in-JVM buses, so a node that takes requests, runs the saga or dispatches to suppliers also handles the commands
 * (and, for requests, the queries) they send: {@link NodeRoles} refuses a set that lacks them.
 */
public enum NodeRole {
    /** The HTTP API, the tracking page and the webhook intake. */
    GATEWAY,
    /** The aggregates: every command is handled where it is sent. */
    COMMAND,
    /** The fulfillment saga, its deadlines, and backorder rerouting. */
    SAGA,
    /** The read models. */
    PROJECTION,
    /** The query handlers over the read models. */
    QUERY,
    /** Supplier submissions, the CloudEvents publisher, and the Kafka consumers (webhooks, stock feed, notifications). */
    DISPATCH;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
