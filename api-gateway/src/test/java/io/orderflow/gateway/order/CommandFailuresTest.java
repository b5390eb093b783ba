package io.orderflow.gateway.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class CommandFailuresTest {

    @Test
    void recognisesADuplicateOrderHoweverItIsWrapped() {
        assertThat(CommandFailures.isDuplicateAggregate(new AggregateStreamCreationException("dup"))).isTrue();
        assertThat(CommandFailures.isDuplicateAggregate(new ConcurrencyException("dup"))).isTrue();
        assertThat(CommandFailures.isDuplicateAggregate(
                new CompletionException(new CommandExecutionException("remote", new AggregateStreamCreationException("dup"))))).isTrue();

        var batch = new BatchUpdateException("Batch entry 0 was aborted", "08000", 0, new int[0]);
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertThat(CommandFailures.isDuplicateAggregate(new RuntimeException("event store", batch))).isTrue();
    }

    @Test
    void otherFailuresAreNoDuplicates() {
        assertThat(CommandFailures.isDuplicateAggregate(new RuntimeException("down", new SQLException("x", "08006")))).isFalse();
        assertThat(CommandFailures.isDuplicateAggregate(new IllegalArgumentException("rule"))).isFalse();
    }

    @Test
    void aRuleViolationIsFoundThroughWrappersOnly() {
        var violation = new IllegalArgumentException("an order needs at least one line");
        assertThat(CommandFailures.ruleViolation(violation)).isSameAs(violation);
        assertThat(CommandFailures.ruleViolation(new CompletionException(violation))).isSameAs(violation);
        assertThat(CommandFailures.ruleViolation(new CommandExecutionException("x", violation))).isSameAs(violation);
        assertThat(CommandFailures.ruleViolation(new IllegalStateException("infra", violation))).isNull();
    }
}
