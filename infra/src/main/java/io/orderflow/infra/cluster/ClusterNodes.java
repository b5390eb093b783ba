package io.orderflow.infra.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The nodes of the cluster, as the nodes themselves say in PostgreSQL: each writes a heartbeat with its roles every
 * {@code orderflow.cluster.heartbeat} (2 s), and counts as live while its last one is younger than
 * {@code orderflow.cluster.node-timeout} (10 s; the database's clock judges both). A node that stops in order removes
 * itself at once; one that dies drops out after the timeout, as its segment claims expire. From the live nodes and
 * each processor's segment count, {@link #fairShare} says how many segments of a processor this node should hold.
 *
 * <p>A node's id is also its name in Axon's token claims ({@code tokenentry.owner}), so that claims can be told
 * apart by node.
 */
public final class ClusterNodes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterNodes.class);

    /** One live node: its id and the roles it runs. */
    public record Member(String nodeId, NodeRoles roles) {
    }

    private final JdbcTemplate jdbc;
    private final String nodeId;
    private final NodeRoles roles;
    private final Duration heartbeat;
    private final Duration nodeTimeout;
    private final Map<String, Integer> segmentCounts = new ConcurrentHashMap<>();
    private volatile List<Member> live;
    private ScheduledExecutorService beat;

    public ClusterNodes(JdbcTemplate jdbc, String nodeId, NodeRoles roles, Duration heartbeat, Duration nodeTimeout) {
        this.jdbc = jdbc;
        this.nodeId = nodeId;
        this.roles = roles;
        this.heartbeat = heartbeat;
        this.nodeTimeout = nodeTimeout;
        this.live = List.of(new Member(nodeId, roles));
    }

    /** {@code pid@host}, as Axon names a token owner by default, unless {@code orderflow.node-id} says otherwise. */
    public static String defaultNodeId() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    public String nodeId() {
        return nodeId;
    }

    public NodeRoles roles() {
        return roles;
    }

    /** The live nodes, in node-id order, this one always among them. */
    public List<Member> live() {
        return live;
    }

    /**
     * How many of a processor's segments this node should hold: the segments divided over the live nodes that run the
     * processor's role, the remainder to the first nodes of a ring that starts at a place of its own for each processor
     * (so that the same node is not always the one left with less). The shares of all nodes add up to the segments,
     * so a node under its share always finds a segment that another node has given up. Unknown segment counts (a
     * processor that has not made its tokens yet) leave the claim open.
     */
    public int fairShare(String processorName) {
        Integer segments = segmentCounts.get(processorName);
        if (segments == null || segments == 0) {
            return Short.MAX_VALUE;
        }
        var role = NodeRoles.roleOf(processorName);
        List<String> peers = live.stream()
                .filter(member -> role.map(member.roles()::has).orElse(true))
                .map(Member::nodeId)
                .toList();
        return share(segments, peers, nodeId, processorName);
    }

    /**
     * A node's share of a processor's segments among its peers (node ids in one order on every node). A node not
     * among them (the registry not read yet, or the node lacks the role) may hold them all.
     */
    static int share(int segments, List<String> peers, String self, String processorName) {
        int index = peers.indexOf(self);
        if (index < 0) {
            return segments;
        }
        int n = peers.size();
        int rank = Math.floorMod(index - processorName.hashCode(), n);
        // at least one: Axon refuses a processor that may claim nothing (more nodes than segments: some stay idle)
        return Math.max(1, segments / n + (rank < segments % n ? 1 : 0));
    }

    @Override
    public void start() {
        jdbc.update("DELETE FROM cluster_node WHERE seen_at < now() - interval '1 day'"); // nodes long gone
        beat();
        beat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cluster-heartbeat").factory());
        beat.scheduleWithFixedDelay(this::beatSafely, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        log.info("node {} runs roles {}; live nodes: {}", nodeId, roles, live.stream().map(Member::nodeId).toList());
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            // the database is away: this node's claims cannot be extended either, and the last view stands
            log.warn("cluster heartbeat failed: {}", e.toString());
        }
    }

    private void beat() {
        jdbc.update("""
                INSERT INTO cluster_node (node_id, roles, started_at, seen_at) VALUES (?, ?, now(), now())
                ON CONFLICT (node_id) DO UPDATE SET roles = excluded.roles, seen_at = now()""", nodeId, roles.asSetting());
        var before = live;
        List<Member> now = jdbc.query("""
                        SELECT node_id, roles FROM cluster_node
                        WHERE seen_at > now() - make_interval(secs => ?) ORDER BY node_id""",
                (rs, i) -> new Member(rs.getString(1), NodeRoles.parse(rs.getString(2))),
                nodeTimeout.toMillis() / 1000.0);
        live = now;
        jdbc.query("SELECT processorname, count(*) FROM tokenentry GROUP BY processorname",
                rs -> { segmentCounts.put(rs.getString(1), rs.getInt(2)); });
        if (!ids(before).equals(ids(now))) {
            log.info("live nodes now {} (were {})", ids(now), ids(before));
        }
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::nodeId).toList();
    }

    @Override
    public void stop() {
        if (beat != null) {
            beat.shutdownNow();
            beat = null;
            try {
                jdbc.update("DELETE FROM cluster_node WHERE node_id = ?", nodeId);
            } catch (RuntimeException e) {
                log.warn("could not sign node {} off; it drops out after {}: {}", nodeId, nodeTimeout, e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return beat != null;
    }

    /** Before Axon's processors start (Integer.MAX_VALUE - 3072), and so stopped after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
