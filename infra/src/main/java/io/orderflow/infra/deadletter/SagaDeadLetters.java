package io.orderflow.infra.deadletter;

import io.orderflow.coreapi.order.OrderFulfillment;
import io.orderflow.infra.failure.Failures;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.common.Priority;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The fulfillment saga's dead letters. Axon 4 has no dead-letter queue for sagas: a saga event that
 * failed for good was retried for ever, and every order of its segment waited behind it. The saga's processor takes
 * events in batches of up to 20 in one transaction, and most failures surface only when that transaction commits
 * (the events of the saga's commands, its deadlines and its own state are written then), so a failed batch does not
 * say which event failed. Here:
 * <ul>
 *   <li>a failure that is transient (database, broker, a lock) is retried with the processor's back-off, as before;
 *   <li>otherwise the batch, already rolled back, is handled again one event at a time, each in a transaction of
 *       its own that also moves the processor's token past it (so nothing is handled twice, even after a crash).
 *       An event that fails {@value #ATTEMPTS} times so is parked under its order, in the dead-letter table the read
 *       models use (processing group {@link OrderFulfillment#PROCESSING_GROUP}), and the processor moves on;
 *   <li>every later saga event of a parked order is parked behind it, so the saga never sees its events out of order
 *       (and a parked completion does not end the saga);
 *   <li>the admin dead-letter API lists them, and a retry hands the order's letters, oldest first, to the saga
 *       manager, each in a transaction of its own, until one fails again.
 * </ul>
 * Deadlines are not events of the order's stream and are never parked.
 */
@Component
public class SagaDeadLetters {

    static final int ATTEMPTS = 3;
    static final String GROUP = OrderFulfillment.PROCESSING_GROUP;
    /** Marks a unit of work that retries a letter: the saga's handlers then run, parked order or not. */
    static final String RETRYING = SagaDeadLetters.class.getName() + ".retrying";

    private static final Logger log = LoggerFactory.getLogger(SagaDeadLetters.class);

    private final ObjectProvider<Configuration> axon;
    private final ObjectProvider<ConnectionProvider> connections;
    /** Orders with parked saga events; read from the table once, then kept as letters come and go. */
    private final Set<String> parked = ConcurrentHashMap.newKeySet();
    private volatile SequencedDeadLetterQueue<EventMessage<?>> queue;

    SagaDeadLetters(ObjectProvider<Configuration> axon, ObjectProvider<ConnectionProvider> connections) {
        this.axon = axon;
        this.connections = connections;
    }

    SequencedDeadLetterQueue<EventMessage<?>> queue() {
        var current = queue;
        if (current == null) {
            synchronized (this) {
                if (queue == null) {
                    var configuration = axon.getObject();
                    queue = JdbcSequencedDeadLetterQueue.builder()
                            .processingGroup(GROUP)
                            .connectionProvider(connections.getObject())
                            .transactionManager(configuration.getComponent(TransactionManager.class))
                            .schema(DeadLetterSchema.defaultSchema())
                            .genericSerializer(configuration.serializer())
                            .eventSerializer(configuration.eventSerializer())
                            .build();
                    queue.deadLetters().forEach(sequence -> sequence.forEach(letter -> parked.add(sequenceId(letter))));
                }
                current = queue;
            }
        }
        return current;
    }

    /**
     * Adds the orders parked by other nodes: called when this node claims a segment of the saga's processor, whose
     * orders another node may have parked meanwhile. (An order no longer parked is found so at its next event.)
     */
    public void segmentClaimed() {
        queue().deadLetters().forEach(sequence -> sequence.forEach(letter -> parked.add(sequenceId(letter))));
    }

    /**
     * The sequence an event belongs to, in every processor: its aggregate's id (for the saga, the order's id, by
     * which it is associated), or for an event of no aggregate its own id.
     */
    static String sequenceId(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
    }

    private static String sequenceId(DeadLetter<? extends EventMessage<?>> letter) {
        return sequenceId(letter.message());
    }

    /**
     * Parks the event instead of handling it when its order has parked events; answers whether it did. Runs in the
     * transaction that handles the event, so the letter commits with the processor's token.
     */
    boolean parkInsteadOfHandling(EventMessage<?> event) {
        var queue = queue(); // read once, so that orders parked before a restart stay parked
        String sequence = sequenceId(event);
        if (retrying() || !parked.contains(sequence)) {
            return false;
        }
        boolean behind = queue.enqueueIfPresent(sequence, () -> new GenericDeadLetter<EventMessage<?>>(sequence,
                event, new ThrowableCause("parked", "behind an earlier parked event of this order")));
        if (!behind) {
            parked.remove(sequence);
            return false;
        }
        log.info("parked saga event {} ({}) of order {} behind its earlier parked events", event.getIdentifier(),
                event.getPayloadType().getSimpleName(), sequence);
        return true;
    }

    /**
     * The saga processor's error handler: a batch rolled back. A transient failure is rethrown (the processor
     * retries the batch after its back-off); otherwise the batch's events are handled one by one, see the class.
     */
    void batchFailed(ErrorContext error) throws Exception {
        if (Failures.isTransient(error.error())) {
            PropagatingErrorHandler.instance().handleError(error);
            return;
        }
        var events = error.failedEvents();
        if (events.isEmpty() || CurrentUnitOfWork.isStarted()
                || !events.stream().allMatch(e -> e instanceof TrackedEventMessage<?>)) {
            log.error("a batch of saga events failed and cannot be handled one by one; retrying it: {}",
                    Failures.describe(error.error()));
            PropagatingErrorHandler.instance().handleError(error);
            return;
        }
        log.warn("a batch of {} saga events failed ({}); handling them one by one", events.size(),
                Failures.describe(error.error()));
        var configuration = axon.getObject();
        var tokens = configuration.eventProcessingConfiguration().tokenStore(GROUP);
        var segments = Segment.computeSegments(tokens.fetchSegments(GROUP));
        for (var event : events) {
            var tracked = (TrackedEventMessage<?>) event;
            int segment = Arrays.stream(segments).filter(s -> s.matches(sequenceId(event))).findFirst()
                    .orElseThrow().getSegmentId();
            handleAlone(tracked, segment, tokens);
        }
    }

    /** One event in a transaction of its own, with the token; parked after {@value #ATTEMPTS} failures. */
    private void handleAlone(TrackedEventMessage<?> event, int segment, TokenStore tokens) throws Exception {
        var manager = sagaManager();
        for (int attempt = 1; ; attempt++) {
            var result = inUnitOfWork(event, false, () -> {
                manager.handle(event, Segment.ROOT_SEGMENT);
                tokens.storeToken(event.trackingToken(), GROUP, segment);
            });
            if (!result.isExceptional()) {
                return;
            }
            Throwable failure = result.exceptionResult();
            if (Failures.isTransient(failure)) {
                throw failure instanceof Exception e ? e : new IllegalStateException(failure);
            }
            String sequence = sequenceId(event);
            log.warn("saga event {} ({}) of order {} failed (attempt {} of {}): {}", event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), sequence, attempt, ATTEMPTS, Failures.describe(failure));
            if (attempt >= ATTEMPTS) {
                var parking = inUnitOfWork(event, false, () -> {
                    queue().enqueue(sequence, new GenericDeadLetter<EventMessage<?>>(sequence, event,
                            new ThrowableCause(failure.getClass().getName(), Failures.describe(failure))));
                    tokens.storeToken(event.trackingToken(), GROUP, segment);
                });
                if (parking.isExceptional()) {
                    throw parking.exceptionResult() instanceof Exception e ? e
                            : new IllegalStateException(parking.exceptionResult());
                }
                parked.add(sequence);
                log.warn("parked saga event {} ({}) of order {}; the order's later saga events wait behind it",
                        event.getIdentifier(), event.getPayloadType().getSimpleName(), sequence);
                return;
            }
            Thread.sleep(200L << attempt);
        }
    }

    /** Work that may throw, run in a unit of work. */
    private interface Work {
        void run() throws Exception;
    }

    private ResultMessage<?> inUnitOfWork(EventMessage<?> event, boolean retrying, Work work) {
        var unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.attachTransaction(axon.getObject().getComponent(TransactionManager.class));
        if (retrying) {
            unitOfWork.resources().put(RETRYING, Boolean.TRUE);
        }
        return unitOfWork.executeWithResult(() -> {
            work.run();
            return null;
        });
    }

    private AbstractSagaManager<?> sagaManager() {
        return axon.getObject().eventProcessingConfiguration().sagaConfigurations().stream()
                .filter(saga -> GROUP.equals(saga.processingGroup())).findFirst().orElseThrow().manager();
    }

    /**
     * Hands the order's letters to the saga again, oldest first, each in a transaction of its own; stops at the
     * first that fails, which keeps its place with the new failure. Answers whether none is left.
     */
    boolean retry(String sequence) {
        var queue = queue();
        var manager = sagaManager();
        while (true) {
            var iterator = queue.deadLetterSequence(sequence).iterator();
            if (!iterator.hasNext()) {
                break;
            }
            var letter = iterator.next();
            var result = inUnitOfWork(letter.message(), true, () -> {
                manager.handle(letter.message(), Segment.ROOT_SEGMENT);
                queue.evict(letter);
            });
            if (result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                queue.requeue(letter, l -> l.withCause(
                        new ThrowableCause(failure.getClass().getName(), Failures.describe(failure))));
                log.info("retry of saga event {} of order {} failed: {}", letter.message().getIdentifier(), sequence,
                        Failures.describe(failure));
                return false;
            }
        }
        parked.remove(sequence);
        if (queue.contains(sequence)) {
            // parked by the processor between the last letter and now: it waits for the next retry
            parked.add(sequence);
            return false;
        }
        return true;
    }

    private static boolean retrying() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root().resources().containsKey(RETRYING);
    }

    /**
     * Puts every saga event handler behind {@link #parkInsteadOfHandling}, and the saga processor's failed batches
     * through {@link #batchFailed}.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Parking {

        @Bean
        HandlerEnhancerDefinition parkPoisonedSagaEvents(SagaDeadLetters deadLetters) {
            return new ParkingEnhancer(deadLetters);
        }

        @Bean
        ConfigurerModule countFailedSagaEvents(SagaDeadLetters deadLetters) {
            return configurer -> configurer.eventProcessing().registerErrorHandler(GROUP, c -> deadLetters::batchFailed);
        }
    }

    /**
     * Applied last, so that it wraps Axon's saga handler itself: a parked event then neither runs its handler nor
     * ends the saga (an {@code @EndSaga} handler's event is parked like any other, and the saga ends on its retry).
     */
    @Priority(Priority.LAST)
    static final class ParkingEnhancer implements HandlerEnhancerDefinition {

        private final SagaDeadLetters deadLetters;

        ParkingEnhancer(SagaDeadLetters deadLetters) {
            this.deadLetters = deadLetters;
        }

        @Override
        public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
            boolean sagaEventHandler = original.canHandleMessageType(EventMessage.class)
                    && original.declaringClass().isAnnotationPresent(Saga.class);
            return sagaEventHandler ? new Parked<>(original, deadLetters) : original;
        }
    }

    static final class Parked<T> extends WrappedMessageHandlingMember<T> {

        private final SagaDeadLetters deadLetters;

        Parked(MessageHandlingMember<T> delegate, SagaDeadLetters deadLetters) {
            super(delegate);
            this.deadLetters = deadLetters;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (!(message instanceof EventMessage<?> event) || message instanceof DeadlineMessage<?>) {
                return super.handle(message, target);
            }
            return deadLetters.parkInsteadOfHandling(event) ? null : super.handle(message, target);
        }
    }
}
