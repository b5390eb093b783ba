package io.orderflow.infra.failure;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells poison from weather. A transient failure (the database or the broker unreachable or restarting, a deadlock
 * or serialization conflict) says nothing about the message being handled: it is retried as long as it takes, and
 * never counted toward parking the message. Anything else may be poison. A supplier that cannot be reached is not
 * listed here: the dispatcher decides itself what that means for a submission (it may have to park it).
 */
public final class Failures {

    private static final int MAX_TEXT = 1024;
    /** SQLState classes and codes that say "our database, not your data": connection, shutdown, resources. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientFailure
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof org.axonframework.modelling.command.ConcurrencyException
                    // an aggregate's lock: a deadlock broken by Axon, or a wait that timed out; the retry gets it
                    || t instanceof org.axonframework.common.lock.LockAcquisitionFailedException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || TRANSIENT_STATES.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * What may be stored and shown about a failure: the first line of its message, or of the database's own error
     * when there is one (PostgreSQL puts row contents in the lines after it), without control characters (a NUL
     * would make the text unstorable), at most 1,024 characters.
     */
    public static String describe(Throwable failure) {
        SQLException sql = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e) {
                sql = e;
            }
        }
        String text = sql != null && sql.getMessage() != null
                ? "SQL state " + sql.getSQLState() + ": " + firstLine(sql.getMessage())
                : failure.getMessage() == null ? failure.getClass().getName() : firstLine(failure.getMessage());
        var clean = new StringBuilder(Math.min(text.length(), MAX_TEXT));
        text.codePoints().limit(MAX_TEXT).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return clean.toString();
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Marks a failure of something outside (a broker, a database) that says nothing about the message. */
    public static class TransientFailure extends RuntimeException {

        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A message that retrying cannot help (the order refused it): parked at once, without further attempts. */
    public static class Poison extends RuntimeException {

        public Poison(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
