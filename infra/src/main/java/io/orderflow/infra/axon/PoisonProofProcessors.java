package io.orderflow.infra.axon;

import io.orderflow.infra.failure.Failures;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Event processors that one bad event cannot stop.
 * <p>
 * A read model handles events in batches, one transaction per batch. When a handler's statement fails, PostgreSQL
 * aborts that transaction: parking the event in the dead-letter queue inside it fails too ("current transaction is
 * aborted"), the batch rolls back and, unhelped, is retried for ever. So an event whose handler failed once is
 * remembered as a suspect; the next time it is handled (the processor retries the batch after its back-off, or an
 * operator retries the dead letter), each of its handlers runs inside a savepoint. Its failure then rolls back to the
 * savepoint only, the batch's transaction stays usable, and the event is parked there: in the same commit as the
 * processor's token, so a crash can neither lose the letter nor park the event twice. Events that never failed run
 * without savepoints, so the normal path keeps its speed. A bad event is thus parked on its second attempt.
 * <p>
 * Transient failures (database or broker unreachable, deadlocks) are not poison: the policy rethrows them, the batch
 * rolls back and is retried with the processor's back-off until they pass, and nothing is parked.
 */
@Configuration(proxyBeanMethods = false)
public class PoisonProofProcessors {

    private static final Logger log = LoggerFactory.getLogger(PoisonProofProcessors.class);

    /** Events whose handler failed lately (by message id): bounded, and forgotten after an hour. */
    static final class Suspects {

        private final Cache<String, Boolean> ids = Caffeine.newBuilder()
                .maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

        void add(String messageId) {
            ids.put(messageId, Boolean.TRUE);
        }

        boolean contains(String messageId) {
            return ids.getIfPresent(messageId) != null;
        }
    }

    @Bean
    Suspects poisonSuspects() {
        return new Suspects();
    }

    @Bean
    HandlerEnhancerDefinition savepointForSuspectEvents(Suspects suspects, PlatformTransactionManager transactions) {
        return new HandlerEnhancerDefinition() {
            @Override
            public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                boolean eventHandlingComponent = original.canHandleMessageType(EventMessage.class)
                        && original.declaringClass().isAnnotationPresent(ProcessingGroup.class);
                return eventHandlingComponent ? new SavepointGuardedHandler<>(original, suspects, transactions) : original;
            }
        };
    }

    static final class SavepointGuardedHandler<T> extends WrappedMessageHandlingMember<T> {

        private static final TransactionDefinition SAVEPOINT =
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

        private final Suspects suspects;
        private final PlatformTransactionManager transactions;

        SavepointGuardedHandler(MessageHandlingMember<T> delegate, Suspects suspects,
                                PlatformTransactionManager transactions) {
            super(delegate);
            this.suspects = suspects;
            this.transactions = transactions;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (!(message instanceof EventMessage<?>)) {
                return super.handle(message, target);
            }
            String id = message.getIdentifier();
            if (!suspects.contains(id) && !retryingDeadLetter()) {
                try {
                    return super.handle(message, target);
                } catch (Exception | Error failure) {
                    if (!Failures.isTransient(failure)) {
                        suspects.add(id);
                    }
                    throw failure;
                }
            }
            var savepoint = transactions.getTransaction(SAVEPOINT);
            Object result;
            try {
                result = super.handle(message, target);
            } catch (Exception | Error failure) {
                try {
                    transactions.rollback(savepoint);
                } catch (RuntimeException rollbackFailed) {
                    failure.addSuppressed(rollbackFailed);
                }
                throw failure;
            }
            transactions.commit(savepoint);
            return result;
        }

        /** A dead letter being retried (admin API): its handlers always run in a savepoint. */
        private static boolean retryingDeadLetter() {
            return CurrentUnitOfWork.isStarted()
                    && CurrentUnitOfWork.get().resources().containsKey(DeadLetter.class.getName());
        }
    }

    /**
     * Parks what is poison, with a storable description of why; rethrows what is transient, so that the batch is
     * retried instead of the event being parked (or, worse, dropped).
     */
    static EnqueuePolicy<EventMessage<?>> parkPoisonOnly() {
        return (letter, cause) -> {
            if (Failures.isTransient(cause)) {
                throw new Failures.TransientFailure("transient failure handling event "
                        + letter.message().getIdentifier() + "; retrying", cause);
            }
            log.warn("parking event {} ({}) of sequence {}: {}", letter.message().getIdentifier(),
                    letter.message().getPayloadType().getSimpleName(), letter.message() instanceof
                            org.axonframework.eventhandling.DomainEventMessage<?> d ? d.getAggregateIdentifier() : "-",
                    Failures.describe(cause));
            return Decisions.enqueue(new ThrowableCause(cause.getClass().getName(), Failures.describe(cause)));
        };
    }

    /**
     * Every processor with a dead-letter queue parks with the policy above. (A replay empties the read model's queue
     * itself, in AxonReadModelReplays: an invoker configuration here would replace the one Axon's auto-configuration
     * registers for the queue's cache.)
     */
    @Bean
    ConfigurerModule poisonProofDeadLetterQueues() {
        return configurer -> configurer.eventProcessing().registerDefaultDeadLetterPolicy(c -> parkPoisonOnly());
    }
}
