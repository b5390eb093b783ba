package io.orderflow.infra.cluster;

import io.orderflow.infra.axon.SkippingEventSource;

import java.time.Duration;

import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * Several nodes on one PostgreSQL and Kafka (deployment mode 3). Each node says which roles it runs
 * ({@link NodeRoles}); a role that is off leaves out its processors and consumers ({@link RoleGate},
 * {@link ConditionalOnRole}) and its HTTP ({@link GatewayRoleFilter}). Every pooled processor holds at most its
 * {@linkplain ClusterNodes#fairShare fair share} of segments: when a node joins, the others release segments down to
 * their share and it claims them; when a node dies, its claims expire and the others' shares grow to take them.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean
    NodeRoles nodeRoles(Environment environment) {
        return NodeRoles.of(environment);
    }

    /** Static: a bean factory post-processor, made before any other bean. */
    @Bean
    static RoleGate roleGate() {
        return new RoleGate();
    }

    @Bean
    ClusterNodes clusterNodes(JdbcTemplate jdbc, NodeRoles roles,
                              @Value("${orderflow.node-id:}") String nodeId,
                              @Value("${orderflow.cluster.heartbeat:PT2S}") Duration heartbeat,
                              @Value("${orderflow.cluster.node-timeout:PT10S}") Duration nodeTimeout) {
        return new ClusterNodes(jdbc, StringUtils.hasText(nodeId) ? nodeId : ClusterNodes.defaultNodeId(), roles,
                heartbeat, nodeTimeout);
    }

    @Bean
    ProcessorPauses processorPauses(JdbcTemplate jdbc, ClusterNodes nodes,
                                    ObjectProvider<org.axonframework.config.Configuration> axon,
                                    @Value("${orderflow.cluster.pause-poll:PT1S}") Duration poll,
                                    @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return new ProcessorPauses(jdbc, nodes, axon::getObject, poll, claimTimeout);
    }

    /**
     * A segment that handles none of the events it is given stores its position this often (Axon's default: every
     * 5 s). The token table is where lag is read (the {@code orderflow_processor_lag} gauge, the benchmark) and where a
     * replay sees that it is done, so a processor that handles few events looked up to 5 s behind, and every replay
     * took up to 5 s longer than its work. It is also how often an idle segment extends its claim, well within the
     * token store's 10 s claim timeout.
     */
    static final Duration IDLE_POSITION_INTERVAL = Duration.ofSeconds(1);

    /**
     * The pooled processors' settings beyond application.yml: each holds at most its fair share of segments (Axon's
     * coordinator asks at every round, releasing segments above it and claiming up to it), an idle segment stores
     * its position every {@link #IDLE_POSITION_INTERVAL}, and each reads the event store without the event types it
     * has no handler for ({@link SkippingEventSource}). (Axon keeps one such default: all live here.)
     */
    @Bean
    ConfigurerModule pooledProcessors(ClusterNodes nodes) {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                (config, builder) -> builder.maxSegmentProvider(nodes::fairShare)
                        .claimExtensionThreshold(IDLE_POSITION_INTERVAL.toMillis())
                        .messageSource(new SkippingEventSource(config.eventStore())));
    }

    @Bean
    GatewayRoleFilter gatewayRoleFilter(NodeRoles roles) {
        return new GatewayRoleFilter(roles);
    }
}
