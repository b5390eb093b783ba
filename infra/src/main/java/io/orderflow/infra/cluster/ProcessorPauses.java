package io.orderflow.infra.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Work on a processor that needs all of its segments at once (resetting its tokens for a replay) is done by one node
 * while the others pause that processor. The node that does it writes a row in {@code processor_pause}, stops its own
 * processor and waits until no other live node holds a claim on any of the processor's segments; the others see the
 * row within {@code orderflow.cluster.pause-poll} (1 s) and stop their part, which gives their claims up. When the
 * work is done the row goes, and each node starts its part again. A pause whose node died is dropped by the others
 * (its node is no longer live), so nobody stays paused for a node that is gone.
 */
public final class ProcessorPauses implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessorPauses.class);

    /** Another node holds this processor paused, or the claims of the others were not given up in time. */
    public static final class ProcessorBusy extends RuntimeException {
        public ProcessorBusy(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final ClusterNodes nodes;
    private final Supplier<org.axonframework.config.Configuration> axon;
    private final Duration poll;
    private final Duration claimTimeout;
    /** Processors this node stopped because another node paused them. */
    private final Set<String> pausedHere = new HashSet<>();
    private ScheduledExecutorService follower;

    public ProcessorPauses(JdbcTemplate jdbc, ClusterNodes nodes, Supplier<org.axonframework.config.Configuration> axon,
                           Duration poll, Duration claimTimeout) {
        this.jdbc = jdbc;
        this.nodes = nodes;
        this.axon = axon;
        this.poll = poll;
        this.claimTimeout = claimTimeout;
    }

    /**
     * Runs {@code work} with the processor stopped on every node: this node's own part is stopped before and started
     * again after it, the other nodes start theirs once this returns.
     *
     * @throws ProcessorBusy when another live node holds the processor paused, or when another node's claims are not
     *                       given up within {@code wait}
     */
    public <T> T whilePausedEverywhere(String processorName, StreamingEventProcessor own, Duration wait,
                                       Supplier<T> work) {
        claim(processorName);
        try {
            own.shutDown();
            try {
                awaitClaimsGivenUp(processorName, wait);
                return work.get();
            } finally {
                own.start();
            }
        } finally {
            jdbc.update("DELETE FROM processor_pause WHERE processor_name = ? AND paused_by = ?", processorName,
                    nodes.nodeId());
        }
    }

    private void claim(String processorName) {
        if (jdbc.update("""
                INSERT INTO processor_pause (processor_name, paused_by) VALUES (?, ?)
                ON CONFLICT (processor_name) DO NOTHING""", processorName, nodes.nodeId()) == 1) {
            return;
        }
        // a pause left by a node that is gone is taken over; one of a live node is not
        if (jdbc.update("UPDATE processor_pause SET paused_by = ?, paused_at = now() "
                + "WHERE processor_name = ? AND paused_by <> ALL (?::text[])", nodes.nodeId(), processorName,
                liveNodeIds()) == 1) {
            return;
        }
        throw new ProcessorBusy("another node is already resetting processor " + processorName);
    }

    private void awaitClaimsGivenUp(String processorName, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<String> holders = jdbc.queryForList("""
                            SELECT DISTINCT owner FROM tokenentry
                            WHERE processorname = ? AND owner IS NOT NULL AND owner <> ?
                              AND "timestamp"::timestamptz > now() - make_interval(secs => ?)""", String.class,
                    processorName, nodes.nodeId(), claimTimeout.toMillis() / 1000.0);
            if (holders.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ProcessorBusy("nodes " + holders + " did not give up their segments of " + processorName
                        + " within " + wait.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** Stops what another node paused, starts again what it no longer does. */
    void follow() {
        Set<String> live = Set.of(liveNodeIds());
        Map<String, String> pauses = jdbc.query("SELECT processor_name, paused_by FROM processor_pause",
                        (rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        pauses.forEach((processorName, pausedBy) -> {
            if (!live.contains(pausedBy)) {
                log.warn("dropping the pause of {} left by node {}, which is gone", processorName, pausedBy);
                jdbc.update("DELETE FROM processor_pause WHERE processor_name = ? AND paused_by = ?", processorName,
                        pausedBy);
            } else if (!pausedBy.equals(nodes.nodeId()) && !pausedHere.contains(processorName)) {
                processor(processorName).ifPresent(processor -> {
                    log.info("pausing {}: node {} resets it", processorName, pausedBy);
                    pausedHere.add(processorName);
                    processor.shutDown();
                });
            }
        });
        for (var it = pausedHere.iterator(); it.hasNext(); ) {
            String processorName = it.next();
            String pausedBy = pauses.get(processorName);
            if (pausedBy == null || !live.contains(pausedBy)) {
                log.info("resuming {}", processorName);
                processor(processorName).ifPresent(StreamingEventProcessor::start);
                it.remove();
            }
        }
    }

    private Optional<StreamingEventProcessor> processor(String processorName) {
        return axon.get().eventProcessingConfiguration().eventProcessor(processorName, StreamingEventProcessor.class);
    }

    private String[] liveNodeIds() {
        return nodes.live().stream().map(ClusterNodes.Member::nodeId).toArray(String[]::new);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessorBusy("interrupted while waiting for other nodes to pause");
        }
    }

    private void followSafely() {
        try {
            follow();
        } catch (RuntimeException e) {
            log.warn("could not follow processor pauses: {}", e.toString());
        }
    }

    @Override
    public void start() {
        follower = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("processor-pauses")
                .factory());
        follower.scheduleWithFixedDelay(this::followSafely, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (follower != null) {
            follower.shutdownNow();
            follower = null;
        }
    }

    @Override
    public boolean isRunning() {
        return follower != null;
    }

    /** After Axon's processors have started (Integer.MAX_VALUE - 3072), and stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2560;
    }
}
