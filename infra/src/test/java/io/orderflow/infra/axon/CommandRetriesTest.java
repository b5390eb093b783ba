package io.orderflow.infra.axon;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRetriesTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final CommandRetries retries = new CommandRetries(executor);
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("register berlin-gear");
    private final List<Class<? extends Throwable>[]> failures = new ArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void sendsACommandThatLostACreationRaceOnceMore() throws InterruptedException {
        var dispatched = new CountDownLatch(1);

        assertThat(retry(new AggregateStreamCreationException("berlin-gear exists"), dispatched::countDown)).isTrue();
        assertThat(dispatched.await(5, TimeUnit.SECONDS)).as("sent again").isTrue();
    }

    @Test
    void answersASecondCreationFailureAsTheDuplicateItIs() {
        retry(new AggregateStreamCreationException("order-1 exists"), () -> { });

        assertThat(retry(new AggregateStreamCreationException("order-1 exists"), () -> { })).isFalse();
    }

    @Test
    void retriesAnAppendConflictUpToFiveTimes() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(retry(appendConflict(), () -> { })).as("attempt %d", attempt).isTrue();
        }
        assertThat(retry(appendConflict(), () -> { })).isFalse();
    }

    @Test
    void neverRetriesACommandTheAggregateRejected() {
        assertThat(retry(new IllegalStateException("order is not on hold"), () -> { })).isFalse();
    }

    @Test
    void findsTheConflictUnderAWrapper() {
        assertThat(retry(new IllegalStateException("dispatch failed", appendConflict()), () -> { })).isTrue();
    }

    /** As Axon's JDBC storage engine reports it: with the driver's exception as its cause. */
    private static ConcurrencyException appendConflict() {
        return new ConcurrencyException("An event for aggregate [rotterdam-3pl] at sequence [1] was already inserted",
                new SQLException("duplicate key value violates unique constraint", "23505"));
    }

    @SuppressWarnings("unchecked")
    private boolean retry(RuntimeException failure, Runnable dispatch) {
        failures.add(new Class[]{failure.getClass()});
        return retries.scheduleRetry(command, failure, failures, dispatch);
    }
}
