package io.orderflow.projection.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The rows a read model has locked and written in the current batch of events, kept until the batch ends, so that the
 * next event of the same order in the batch changes them without reading them back and parsing them again. The rows a
 * batch needs are read together, once, when it first needs one ({@link #get}).
 * <p>
 * A processor handles a batch in one transaction, and a row is read {@code FOR UPDATE} the first time: until the
 * batch commits or rolls back, nobody else changes it, so what the batch wrote is what the table holds. A handler
 * keeps a row here only after its statements succeeded, and forgets it when it fails: a failed event rolls back to its
 * savepoint (infra {@code PoisonProofProcessors}) or takes the whole batch with it, and either way the table holds
 * the row as it was before that event, which is then read again. Outside a unit of work (a unit test calling a
 * handler) nothing is kept.
 * <p>
 * A read model may also leave a row unwritten ({@link #putUnwritten}): it is then written once, however many events
 * of the batch changed it, just before the batch commits. The table then does not hold what the batch's earlier events
 * did, so a batch in which a handler failed after that must not commit: {@link #failed} makes it fail as a whole.
 * When such a batch is handled again, its events write their rows one by one ({@link #mayLeaveUnwritten} is false
 * for them): a handler's failure is then its own again, and its event is parked as in any batch.
 *
 * @param <T> the row as the projection works on it
 */
public final class BatchRows<T> {

    private final String resource;
    private final String unwrittenResource;
    private final String oneByOneResource;
    private final String readResource;
    /** The events of batches that left rows unwritten and failed, until they are handled one by one and committed. */
    private final Set<String> oneByOne = ConcurrentHashMap.newKeySet();

    /** @param readModel the read model's name, so that two read models never share rows */
    public BatchRows(String readModel) {
        this.resource = BatchRows.class.getName() + ":" + readModel;
        this.unwrittenResource = resource + ":unwritten";
        this.oneByOneResource = resource + ":one-by-one";
        this.readResource = resource + ":read";
    }

    /** Whether the event being handled is replayed history (a read model rebuilt from the first event). */
    public static boolean replaying() {
        return CurrentUnitOfWork.isStarted() && ReplayToken.isReplay(CurrentUnitOfWork.get().getMessage());
    }

    /**
     * The row as this batch last wrote (or left unwritten) it, else as the table holds it, or null when the table has
     * none. {@code read} is given ids and answers the rows it found by id, each read {@code FOR UPDATE}. The first time
     * a batch needs a row from the table, it reads the rows of every aggregate its events belong to, in one statement:
     * a batch of 200 events of 100 orders then reads once instead of 100 times (an order's events are its aggregate's,
     * so an order's row is found by the aggregate identifier). A row the batch already holds is not read again, and a
     * row it let go of ({@link #failed}) is read alone.
     */
    public T get(String id, Function<List<String>, Map<String, T>> read) {
        var rows = rows();
        if (rows == null) {
            return read.apply(List.of(id)).get(id);
        }
        T row = rows.get(id);
        if (row != null) {
            return row;
        }
        var root = CurrentUnitOfWork.get().root();
        if (root.resources().putIfAbsent(readResource, Boolean.TRUE) == null) {
            var ids = new TreeSet<String>();
            ids.add(id);
            if (root instanceof BatchingUnitOfWork<?> batch) {
                for (var message : batch.getMessages()) {
                    if (message instanceof DomainEventMessage<?> event && !rows.containsKey(event.getAggregateIdentifier())) {
                        ids.add(event.getAggregateIdentifier());
                    }
                }
            }
            // in the ids' order, so that two batches never wait for each other's rows the other way round
            read.apply(List.copyOf(ids)).forEach(rows::putIfAbsent);
            return rows.get(id);
        }
        return read.apply(List.of(id)).get(id);
    }

    /** Keeps the row as just written, for the rest of the batch (no longer unwritten, if it was). */
    public void put(String id, T row) {
        var rows = rows();
        if (rows != null) {
            rows.put(id, row);
            Unwritten<T> unwritten = CurrentUnitOfWork.get().root().getResource(unwrittenResource);
            if (unwritten != null) {
                unwritten.rows.remove(id);
            }
        }
    }

    /**
     * Whether the event being handled may leave its row unwritten: only while replaying (live changes are written, and
     * announced, as they happen), not when it was in a batch that left rows unwritten and failed, and not when it is a
     * parked event being retried.
     */
    public boolean mayLeaveUnwritten() {
        if (!replaying()) {
            return false;
        }
        var unitOfWork = CurrentUnitOfWork.get();
        if (unitOfWork.resources().containsKey(DeadLetter.class.getName())) {
            // a parked event being retried (admin API): its write must fail or succeed inside its handler's savepoint
            return false;
        }
        String event = unitOfWork.getMessage().getIdentifier();
        if (!oneByOne.contains(event)) {
            return true;
        }
        var root = unitOfWork.root();
        List<String> handled = root.getOrComputeResource(oneByOneResource, key -> {
            List<String> ids = new ArrayList<>();
            root.afterCommit(u -> ids.forEach(oneByOne::remove));
            return ids;
        });
        handled.add(event);
        return false;
    }

    /**
     * Keeps the row as changed but not written: {@code write} is given every such row of the batch, once, when the
     * batch is about to commit. Outside a unit of work the row is written at once.
     */
    public void putUnwritten(String id, T row, Consumer<Collection<T>> write) {
        var rows = rows();
        if (rows == null) {
            write.accept(List.of(row));
            return;
        }
        rows.put(id, row);
        var unitOfWork = CurrentUnitOfWork.get();
        var root = unitOfWork.root();
        Unwritten<T> unwritten = root.getOrComputeResource(unwrittenResource, key -> {
            var created = new Unwritten<T>();
            root.onPrepareCommit(u -> created.writeWith(write));
            root.onRollback(u -> oneByOne.addAll(created.events));
            return created;
        });
        unwritten.rows.put(id, row);
        unwritten.events.add(unitOfWork.getMessage().getIdentifier());
    }

    /**
     * A handler failed after it may have changed the row: the table is the truth again, and if rows of this batch
     * were left unwritten, the batch must not commit (a savepoint would let it, without what they held): it fails
     * when it tries to.
     */
    public void failed(String id, Throwable cause) {
        var rows = rows();
        if (rows == null) {
            return;
        }
        rows.remove(id);
        Unwritten<T> unwritten = CurrentUnitOfWork.get().root().getResource(unwrittenResource);
        if (unwritten != null && unwritten.failure == null) {
            unwritten.failure = cause;
            unwritten.events.add(CurrentUnitOfWork.get().getMessage().getIdentifier());
        }
    }

    private Map<String, T> rows() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(resource, key -> new HashMap<>());
    }

    private static final class Unwritten<T> {

        private final Map<String, T> rows = new LinkedHashMap<>();
        private final List<String> events = new ArrayList<>();
        private Throwable failure;

        void writeWith(Consumer<Collection<T>> write) {
            if (failure != null) {
                throw new IllegalStateException("an event of this batch failed while rows were left unwritten; "
                        + "the batch is handled again, its events one by one", failure);
            }
            if (!rows.isEmpty()) {
                write.accept(rows.values());
            }
        }
    }
}
