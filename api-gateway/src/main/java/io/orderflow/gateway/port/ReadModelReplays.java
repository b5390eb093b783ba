package io.orderflow.gateway.port;

import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;

/** Port: rebuilding a read model from the event store by resetting its event processor (implemented in infra). */
public interface ReadModelReplays {

    /** The read models that may be rebuilt, by processing group name. */
    List<String> readModels();

    /**
     * Empties the read model and replays history into it. Fails with {@link UnknownReadModel} or
     * {@link ReplayAlreadyRunning}.
     */
    Mono<Replay> start(String readModel, String requestedBy);

    /** Empty when no replay has that id. */
    Mono<Replay> find(String replayId);

    /**
     * @param status           RUNNING, COMPLETED or FAILED
     * @param targetPosition   the head of the event store when the replay started: the replay is done past it
     * @param position         the lowest position any of the processor's segments has reached
     * @param eventsPerSecond  event-store positions replayed per second so far
     * @param secondsLeft      at that rate; null when it cannot be told yet
     */
    record Replay(String replayId, String readModel, String status, Instant startedAt, Instant finishedAt,
                  long targetPosition, long position, double percent, double eventsPerSecond, Long secondsLeft,
                  String requestedBy, String error) {
    }

    final class UnknownReadModel extends RuntimeException {
        public UnknownReadModel(String readModel) {
            super(readModel);
        }
    }

    final class ReplayAlreadyRunning extends RuntimeException {
        private final String replayId;

        public ReplayAlreadyRunning(String readModel, String replayId) {
            super(readModel);
            this.replayId = replayId;
        }

        public String replayId() {
            return replayId;
        }
    }
}
