package io.orderflow.infra.cluster;

import java.time.Duration;

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
 * {@linkplain ClusterNodes#fairShare fair share} of segments (set on every processor in infra.axon's
 * AxonConfiguration): when a node joins, the others release segments down to
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

    @Bean
    GatewayRoleFilter gatewayRoleFilter(NodeRoles roles) {
        return new GatewayRoleFilter(roles);
    }
}
