package io.orderflow.infra.axon;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Which failed commands the gateway sends again. Commands on one aggregate from two nodes collide on the event
 * store's (aggregate, sequence) key: the loser ({@link ConcurrencyException}) is retried up to five times, backing
 * off from 50 ms. Two nodes that create the same aggregate at once (a supplier registered, a stock position first
 * reported, each on its own node) collide on its first event ({@link AggregateStreamCreationException}): the loser is
 * retried once, and then finds the aggregate made. A second such failure is a real duplicate (an order id placed
 * twice) and is answered as one. Nothing else is retried: a rejected command is rejected again.
 */
final class CommandRetries implements RetryScheduler {

    static final long CREATION_RACE_RETRY_MILLIS = 20;

    private final ScheduledExecutorService executor;
    private final RetryScheduler conflicts;

    CommandRetries(ScheduledExecutorService executor) {
        this.executor = executor;
        this.conflicts = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .backoffFactor(50)
                .maxRetryCount(5)
                // decided below: Axon's scheduler asks its predicate of every cause in the chain, and the driver's
                // exception under a ConcurrencyException would make it non-transient
                .nonTransientFailurePredicate(failure -> false)
                .build();
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (causedBy(lastFailure, AggregateStreamCreationException.class)) {
            if (failures.size() > 1) {
                return false;
            }
            executor.schedule(commandDispatch, CREATION_RACE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        }
        if (causedBy(lastFailure, ConcurrencyException.class)) {
            return conflicts.scheduleRetry(commandMessage, lastFailure, failures, commandDispatch);
        }
        return false;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
