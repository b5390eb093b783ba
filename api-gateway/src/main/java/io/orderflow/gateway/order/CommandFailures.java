package io.orderflow.gateway.order;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Reads why a command failed. Local buses hand back the handler's exception as is; a distributed bus wraps it in
 * a {@code CommandExecutionException} and futures in a {@code CompletionException}, so causes are searched.
 */
public final class CommandFailures {

    // PostgreSQL's unique_violation
    private static final String UNIQUE_VIOLATION = "23505";

    private CommandFailures() {
    }

    /**
     * The event store refused the first event of a new aggregate because its id is taken. Axon 4.13 reports that
     * as {@link AggregateStreamCreationException} only when its PersistenceExceptionResolver recognises the
     * duplicate key; Axon's default JdbcSQLErrorCodesResolver does not recognise PostgreSQL's (pgjdbc throws a
     * plain PSQLException, not SQLIntegrityConstraintViolationException), and then an EventStoreException with
     * SQLState 23505 somewhere below it is all there is.
     */
    public static boolean isDuplicateAggregate(Throwable failure) {
        return find(failure, t -> t instanceof AggregateStreamCreationException
                || t instanceof ConcurrencyException
                || t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) != null;
    }

    /** The command named an aggregate that does not exist (and has no creation policy). */
    public static boolean isUnknownAggregate(Throwable failure) {
        return find(failure, t -> t instanceof AggregateNotFoundException) != null;
    }

    /**
     * Aggregates reject commands that break a rule with IllegalArgumentException or a subclass. Only wrappers are
     * looked through: an IllegalArgumentException deep inside an infrastructure failure is not the client's fault.
     */
    public static IllegalArgumentException ruleViolation(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; depth < 8 && isWrapper(t) && t.getCause() != null; depth++) {
            t = t.getCause();
        }
        return t instanceof IllegalArgumentException violation ? violation : null;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof CommandExecutionException;
    }

    private static Throwable find(Throwable failure, Predicate<Throwable> wanted) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        var pending = new ArrayDeque<Throwable>();
        pending.add(failure);
        while (!pending.isEmpty() && seen.size() < 32) {
            Throwable t = pending.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (wanted.test(t)) {
                return t;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            // batch inserts chain the real error as the "next" exception, not always as the cause
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.add(sql.getNextException());
            }
        }
        return null;
    }
}
