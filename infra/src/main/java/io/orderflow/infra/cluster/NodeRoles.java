package io.orderflow.infra.cluster;

import io.orderflow.coreapi.order.OrderFulfillment;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.env.Environment;

/**
 * The roles this node runs, read from {@code orderflow.roles} (env {@code ORDERFLOW_ROLES}): a comma-separated subset
 * of {@link NodeRole}, all of them when unset. {@code services} is not a role of an orderflow node: it starts only the
 * embedded PostgreSQL, Kafka and sandbox ({@code io.orderflow.app.ServicesNode}).
 */
public final class NodeRoles {

    public static final String PROPERTY = "orderflow.roles";
    public static final String SERVICES = "services";

    /** Which role each processing group belongs to; a group not listed runs wherever its handlers exist. */
    private static final Map<String, NodeRole> GROUPS = Map.ofEntries(
            Map.entry(OrderFulfillment.PROCESSING_GROUP, NodeRole.SAGA),
            Map.entry("backorder-rerouting", NodeRole.SAGA),
            Map.entry("billing-matching", NodeRole.SAGA),
            Map.entry("billing", NodeRole.PROJECTION),
            Map.entry("order-view", NodeRole.PROJECTION),
            Map.entry("order-timeline", NodeRole.PROJECTION),
            Map.entry("order-tracking", NodeRole.PROJECTION),
            Map.entry("inventory", NodeRole.PROJECTION),
            Map.entry("order-exceptions", NodeRole.PROJECTION),
            Map.entry("supplier-directory", NodeRole.PROJECTION),
            Map.entry("backorders", NodeRole.PROJECTION),
            Map.entry("supplier-performance", NodeRole.PROJECTION),
            Map.entry("routing-decisions", NodeRole.PROJECTION),
            Map.entry("supplier-dispatch", NodeRole.DISPATCH),
            Map.entry("integration-events", NodeRole.DISPATCH),
            Map.entry("retailer-store-sync", NodeRole.DISPATCH),
            Map.entry("retailer-availability", NodeRole.DISPATCH));

    private final Set<NodeRole> roles;

    private NodeRoles(Set<NodeRole> roles) {
        this.roles = Collections.unmodifiableSet(roles);
    }

    public static NodeRoles all() {
        return new NodeRoles(EnumSet.allOf(NodeRole.class));
    }

    public static NodeRoles of(Environment environment) {
        return parse(environment.getProperty(PROPERTY, ""));
    }

    /** Parses a role list; an unknown role, or one that lacks what it needs on this node, is refused with the reason. */
    public static NodeRoles parse(String setting) {
        String trimmed = setting == null ? "" : setting.trim();
        if (trimmed.isEmpty()) {
            return all();
        }
        EnumSet<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (String name : trimmed.split(",")) {
            String key = name.trim().toUpperCase(Locale.ROOT);
            if (key.isEmpty()) {
                continue;
            }
            if (key.equals(SERVICES.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException(PROPERTY + "=services starts the embedded services alone and takes"
                        + " no other role: start orderflow nodes separately");
            }
            try {
                roles.add(NodeRole.valueOf(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PROPERTY + ": unknown role '" + name.trim() + "'; known: "
                        + Arrays.stream(NodeRole.values()).map(NodeRole::key).collect(Collectors.joining(",")));
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " names no role");
        }
        require(roles, NodeRole.GATEWAY, NodeRole.COMMAND, "the API sends its commands to this node's aggregates");
        require(roles, NodeRole.GATEWAY, NodeRole.QUERY, "the API asks this node's query handlers");
        require(roles, NodeRole.SAGA, NodeRole.COMMAND, "the saga sends its commands to this node's aggregates");
        require(roles, NodeRole.DISPATCH, NodeRole.COMMAND, "supplier answers become commands on this node");
        return new NodeRoles(roles);
    }

    private static void require(Set<NodeRole> roles, NodeRole role, NodeRole needed, String why) {
        if (roles.contains(role) && !roles.contains(needed)) {
            throw new IllegalArgumentException(PROPERTY + ": role " + role.key() + " needs role " + needed.key()
                    + " on the same node (" + why + ")");
        }
    }

    public boolean has(NodeRole role) {
        return roles.contains(role);
    }

    public Set<NodeRole> roles() {
        return roles;
    }

    /** The role a processing group belongs to, if it belongs to one. */
    public static java.util.Optional<NodeRole> roleOf(String processingGroup) {
        return java.util.Optional.ofNullable(GROUPS.get(processingGroup));
    }

    /** Whether this node runs the processing group's handlers. */
    public boolean runs(String processingGroup) {
        return roleOf(processingGroup).map(roles::contains).orElse(true);
    }

    /** As stored in the node registry: {@code gateway,command,...}. */
    public String asSetting() {
        return roles.stream().map(NodeRole::key).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return asSetting();
    }
}
