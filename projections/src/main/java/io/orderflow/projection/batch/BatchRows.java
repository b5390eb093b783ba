package io.orderflow.projection.batch;

import java.util.HashMap;
import java.util.Map;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The rows a read model has locked and written in the current batch of events, kept until the batch ends, so that the
 * next event of the same order in the batch changes them without reading them back and parsing them again.
 * <p>
 * A processor handles a batch in one transaction, and a row is read {@code FOR UPDATE} the first time: until the
 * batch commits or rolls back, nobody else changes it, so what the batch wrote is what the table holds. A handler
 * keeps a row here only after its statements succeeded, and forgets it when it fails: a failed event rolls back to its
 * savepoint (infra {@code PoisonProofProcessors}) or takes the whole batch with it, and either way the table holds
 * the row as it was before that event, which is then read again. Outside a unit of work (a unit test calling a
 * handler) nothing is kept.
 *
 * @param <T> the row as the projection works on it
 */
public final class BatchRows<T> {

    private final String resource;

    /** @param readModel the read model's name, so that two read models never share rows */
    public BatchRows(String readModel) {
        this.resource = BatchRows.class.getName() + ":" + readModel;
    }

    /** The row as this batch last wrote it, or null: then it must be read from the table. */
    public T get(String id) {
        var rows = rows();
        return rows == null ? null : rows.get(id);
    }

    /** Keeps the row as just written, for the rest of the batch. */
    public void put(String id, T row) {
        var rows = rows();
        if (rows != null) {
            rows.put(id, row);
        }
    }

    /** A handler failed after it may have changed the row: the table is the truth again. */
    public void forget(String id) {
        var rows = rows();
        if (rows != null) {
            rows.remove(id);
        }
    }

    private Map<String, T> rows() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(resource, key -> new HashMap<>());
    }
}
