package io.orderflow.infra.axon;

import java.util.HashSet;
import java.util.Set;

import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * The cached saga store, made safe for rollbacks. A cached saga is the very object its handlers change, and the
 * caches are updated when the saga is saved, before the transaction commits: when an event's transaction then rolls
 * back (a deadlock Axon broke, a row the database refused), the database holds the saga as it was, but the cache
 * held it as the failed attempt left it, and the retried event met that state (a deadline counted as scheduled
 * that never was, a release counted as done). So every saga a unit of work touches is dropped from the cache when
 * that unit of work rolls back, and the association cache is emptied; the next event reads them from PostgreSQL.
 */
public final class RollbackSafeSagaStore implements SagaStore<Object> {

    private static final String TOUCHED = RollbackSafeSagaStore.class.getName() + ".touched";

    private final SagaStore<Object> delegate;
    private final Cache sagas;
    private final Cache associations;

    RollbackSafeSagaStore(SagaStore<Object> cachingDelegate, Cache sagas, Cache associations) {
        this.delegate = cachingDelegate;
        this.sagas = sagas;
        this.associations = associations;
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        return delegate.findSagas(sagaType, associationValue);
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        touched(sagaIdentifier);
        return delegate.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        touched(sagaIdentifier);
        delegate.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           Set<AssociationValue> associationValues) {
        touched(sagaIdentifier);
        delegate.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        touched(sagaIdentifier);
        delegate.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    /**
     * Forgets every cached saga and association: called when this node claims a segment of the saga's processor,
     * which another node may have held and moved on since this node last cached its sagas.
     */
    public void forgetAll() {
        sagas.removeAll();
        associations.removeAll();
    }

    private void touched(String sagaIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        Set<String> touched = root.getOrComputeResource(TOUCHED, key -> {
            var ids = new HashSet<String>();
            root.onRollback(u -> {
                ids.forEach(sagas::remove);
                associations.removeAll();
            });
            return ids;
        });
        touched.add(sagaIdentifier);
    }
}
