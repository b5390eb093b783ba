package io.orderflow.sandbox.suppliers;

import io.orderflow.sandbox.BehaviourProfile;
import io.orderflow.sandbox.SimulatedSupplier;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A simulated supplier plus what the control API changed since start (kept in memory only). */
public final class SupplierRuntime {

    private final SimulatedSupplier supplier;
    private final AtomicReference<BehaviourProfile> profile;
    private final AtomicBoolean rejectNext = new AtomicBoolean();
    private int failuresLeft;
    private int failureStatus;

    SupplierRuntime(SimulatedSupplier supplier) {
        this.supplier = supplier;
        this.profile = new AtomicReference<>(supplier.profile());
    }

    public String id() {
        return supplier.supplierId();
    }

    public String apiSecret() {
        return supplier.apiSecret();
    }

    public String webhookSecret() {
        return supplier.webhookSecret();
    }

    public BehaviourProfile profile() {
        return profile.get();
    }

    public void useProfile(BehaviourProfile newProfile) {
        profile.set(newProfile);
    }

    public void rejectNextOrder() {
        rejectNext.set(true);
    }

    public boolean takeRejectNext() {
        return rejectNext.getAndSet(false);
    }

    public synchronized void failNext(int count, int status) {
        failuresLeft = count;
        failureStatus = status;
    }

    /** The status the current partner API call must fail with, if a failure was asked for. */
    public synchronized OptionalInt takeFailure() {
        if (failuresLeft <= 0) {
            return OptionalInt.empty();
        }
        failuresLeft--;
        return OptionalInt.of(failureStatus);
    }
}
