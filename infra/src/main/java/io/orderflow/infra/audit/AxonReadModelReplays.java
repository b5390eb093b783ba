package io.orderflow.infra.audit;

import io.orderflow.gateway.port.ReadModelReplays;
import io.orderflow.infra.cluster.ProcessorPauses;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Rebuilds a read model by resetting its Axon processor: shut it down, reset its tokens (which runs the
 * projection's {@code @ResetHandler}, emptying its table, in the same transaction) and start it again; it then
 * replays history from the first event. Progress is read from the processor's segments: the lowest position any of
 * them reached, against the head of the event store when the replay began.
 *
 * Only read models named in {@code orderflow.audit.read-models} may be replayed: resetting a processor with side
 * effects (the supplier dispatcher, a saga) would act on history again.
 *
 * <p>With several nodes, the node that was asked resets the tokens while the others pause their part of the processor
 * ({@link ProcessorPauses}: a reset needs every segment's claim); they start it again right after, so the replay
 * itself runs on every node that holds the read model's segments, and its progress is read from the token table,
 * where each node's segments leave their positions.
 */
@Component
class AxonReadModelReplays implements ReadModelReplays {

    private static final Logger log = LoggerFactory.getLogger(AxonReadModelReplays.class);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
    /** Other nodes see a pause within a second and give up their claims as soon as their current batch is done. */
    private static final Duration PAUSE_WAIT = Duration.ofSeconds(30);

    private final org.axonframework.config.Configuration axon;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final List<String> readModels;
    private final ProcessorPauses pauses;

    AxonReadModelReplays(org.axonframework.config.Configuration axon, JdbcTemplate jdbc, Clock clock,
                         ProcessorPauses pauses,
                         @Value("${orderflow.audit.read-models:order-view,order-timeline,order-tracking}")
                         List<String> readModels) {
        this.axon = axon;
        this.jdbc = jdbc;
        this.clock = clock;
        this.pauses = pauses;
        this.readModels = readModels.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private record Stored(String replayId, String readModel, String requestedBy, Instant startedAt, long target,
                          String status, Instant finishedAt, Long finalPosition, String error) {
    }

    private record Progress(long position, boolean done, String error) {
    }

    @Override
    public List<String> readModels() {
        return readModels;
    }

    @Override
    public Mono<Replay> start(String readModel, String requestedBy) {
        return Mono.fromCallable(() -> startNow(readModel, requestedBy)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Replay> find(String replayId) {
        return Mono.fromCallable(() -> stored(replayId).map(this::replay))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::justOrEmpty);
    }

    private synchronized Replay startNow(String readModel, String requestedBy) {
        var processor = processor(readModel).orElseThrow(() -> new UnknownReadModel(readModel));
        var running = jdbc.query("SELECT replay_id FROM audit_replay WHERE read_model = ? AND status = 'RUNNING'",
                (rs, i) -> rs.getString(1), readModel);
        for (String replayId : running) {
            var replay = stored(replayId).map(this::replay).orElseThrow();
            if (replay.status().equals("RUNNING")) {
                throw new ReplayAlreadyRunning(readModel, replayId);
            }
        }
        // asked of Axon's event store, not of the table: in Axon Server mode the events are not in PostgreSQL
        var head = axon.eventStore().createHeadToken();
        long target = head == null ? 0 : head.position().orElse(0);
        String replayId = UUID.randomUUID().toString();
        Instant startedAt = clock.instant();
        pauses.whilePausedEverywhere(readModel, processor, PAUSE_WAIT, () -> {
            // what the read model parked is dropped with it: the replay parks its poison afresh, in order (otherwise
            // the replayed events of a parked order would queue up behind its old letters)
            axon.eventProcessingConfiguration().deadLetterQueue(readModel).ifPresent(queue ->
                    axon.getComponent(TransactionManager.class).executeInTransaction(queue::clear));
            // from the first event: the processor's own initial token may be a replay token itself
            processor.resetTokens(source -> source.createTailToken());
            return null;
        });
        jdbc.update("""
                        INSERT INTO audit_replay (replay_id, read_model, requested_by, started_at, target_position, status)
                        VALUES (?, ?, ?, ?, ?, 'RUNNING')""",
                replayId, readModel, requestedBy, java.sql.Timestamp.from(startedAt), target);
        log.info("replay {} of read model {} started by {}: history up to position {}", replayId, readModel,
                requestedBy, target);
        Thread.ofVirtual().name("replay-watch-" + readModel).start(() -> watch(replayId, readModel, target));
        return replay(stored(replayId).orElseThrow());
    }

    /** Records the moment the replay got past its target, so that its speed is measured, not guessed. */
    private void watch(String replayId, String readModel, long target) {
        try {
            while (true) {
                var processor = processor(readModel);
                if (processor.isEmpty()) {
                    return;
                }
                var progress = progress(processor.get(), target);
                if (progress.done()) {
                    finish(replayId, progress.position());
                    return;
                }
                Thread.sleep(WATCH_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("could not follow replay {}: {}", replayId, e.toString());
        }
    }

    private void finish(String replayId, long position) {
        int updated = jdbc.update("""
                        UPDATE audit_replay SET status = 'COMPLETED', finished_at = ?, final_position = ?
                        WHERE replay_id = ? AND status = 'RUNNING'""",
                java.sql.Timestamp.from(clock.instant()), position, replayId);
        if (updated > 0) {
            log.info("replay {} completed", replayId);
        }
    }

    private Replay replay(Stored stored) {
        if (!stored.status().equals("RUNNING")) {
            long position = stored.finalPosition() == null ? stored.target() : stored.finalPosition();
            Instant end = stored.finishedAt() == null ? stored.startedAt() : stored.finishedAt();
            return replay(stored, position, end, null);
        }
        var processor = processor(stored.readModel());
        if (processor.isEmpty()) {
            return replay(stored, 0, clock.instant(), "the processor " + stored.readModel() + " no longer exists");
        }
        var progress = progress(processor.get(), stored.target());
        if (progress.done()) {
            finish(stored.replayId(), progress.position());
            return replay(stored(stored.replayId()).orElseThrow());
        }
        return replay(stored, progress.position(), clock.instant(), progress.error());
    }

    private Replay replay(Stored stored, long position, Instant until, String error) {
        boolean running = stored.status().equals("RUNNING");
        double seconds = Math.max(Duration.between(stored.startedAt(), until).toNanos() / 1e9, 1e-3);
        long target = stored.target();
        long reached = Math.min(position, target);
        double percent = target == 0 ? 100.0 : Math.floor(1000.0 * reached / target) / 10.0;
        double rate = reached / seconds;
        Long secondsLeft = !running ? Long.valueOf(0) : rate > 0 ? Long.valueOf((long) Math.ceil((target - reached) / rate)) : null;
        return new Replay(stored.replayId(), stored.readModel(), stored.status(), stored.startedAt(),
                stored.finishedAt(), target, reached, running ? Math.min(percent, 99.9) : 100.0,
                Math.round(rate * 10) / 10.0, secondsLeft, stored.requestedBy(),
                error != null ? error : stored.error());
    }

    /**
     * Done once every segment got to the target. (Axon's own replay flag stays up until an event after the reset
     * point arrives, which may be never on a quiet system.) Positions are read from the token table, so that
     * segments held by other nodes count too; errors are known only of the segments this node holds.
     */
    private Progress progress(StreamingEventProcessor processor, long target) {
        List<Long> positions = jdbc.query("SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                (rs, i) -> position(rs.getBytes(1), rs.getString(2)), processor.getName());
        long position = positions.stream().mapToLong(Long::longValue).min().orElse(0);
        String error = processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                .findFirst()
                .map(s -> "segment " + s.getSegment().getSegmentId() + " failed and is retrying: "
                        + (s.getError() == null ? "" : s.getError().toString()))
                .orElse(null);
        return new Progress(position, !positions.isEmpty() && position >= target, error);
    }

    private long position(byte[] token, String tokenType) {
        if (token == null || tokenType == null) {
            return 0;
        }
        TrackingToken tracking = axon.serializer().deserialize(
                new SimpleSerializedObject<>(token, byte[].class, tokenType, null));
        return tracking == null ? 0 : tracking.position().orElse(0);
    }

    private Optional<StreamingEventProcessor> processor(String readModel) {
        if (!readModels.contains(readModel)) {
            return Optional.empty();
        }
        return axon.eventProcessingConfiguration().eventProcessorByProcessingGroup(readModel,
                StreamingEventProcessor.class);
    }

    private Optional<Stored> stored(String replayId) {
        return jdbc.query("""
                        SELECT replay_id, read_model, requested_by, started_at, target_position, status, finished_at,
                               final_position, error
                        FROM audit_replay WHERE replay_id = ?""",
                (rs, i) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getString(6),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
                        rs.getObject(8) == null ? null : rs.getLong(8), rs.getString(9)),
                replayId).stream().findFirst();
    }
}
