package io.orderflow.sandbox.suppliers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
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
    private int retryAfterSeconds = 1;
    private volatile String rejectReason = "inventory";
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final ShopBucket bucket = new ShopBucket();
    private int duplicateWebhooks;
    private final Deque<InvoiceFault> invoiceFaults = new ArrayDeque<>();

    /** What is wrong with the next invoice: prices 10 % up, one unit more on its first line, sent twice, or none. */
    public enum InvoiceFault { WRONG_PRICE, EXTRA_QUANTITY, DUPLICATE, OMIT }

    public synchronized void addInvoiceFault(InvoiceFault fault) {
        invoiceFaults.addLast(fault);
    }

    public synchronized Optional<InvoiceFault> takeInvoiceFault() {
        return Optional.ofNullable(invoiceFaults.pollFirst());
    }

    /** Takes the next fault only if it is of that kind (a shop's prices are set when its order is made). */
    public synchronized boolean takeInvoiceFault(InvoiceFault kind) {
        if (invoiceFaults.peekFirst() == kind) {
            invoiceFaults.pollFirst();
            return true;
        }
        return false;
    }
    private volatile boolean webhooksOutOfOrder;

    /**
      * A fault for the next matching API calls: SLOW answers after millis, DROP does the work and closes the connection
      * without an answer, HANG never answers (the connection closes after millis). operation null matches every call.
      */
    public record Fault(Kind kind, int count, long millis, String operation) {
        public enum Kind { SLOW, DROP, HANG }
    }

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

    public String shopDomain() {
        return supplier.shopDomain();
    }

    public boolean shopify() {
        return supplier.shopify();
    }

    public ShopBucket bucket() {
        return bucket;
    }

    public synchronized void addFault(Fault fault) {
        faults.addLast(fault);
    }

    /** The fault this call meets, if any; each one is used up after its count of calls. */
    public synchronized Optional<Fault> takeFault(String operation) {
        for (var iterator = faults.iterator(); iterator.hasNext(); ) {
            Fault fault = iterator.next();
            if (fault.operation() == null || fault.operation().equals(operation)) {
                iterator.remove();
                if (fault.count() > 1) {
                    faults.addFirst(new Fault(fault.kind(), fault.count() - 1, fault.millis(), fault.operation()));
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    public synchronized void duplicateNextWebhooks(int count) {
        duplicateWebhooks = count;
    }

    /** Whether the webhook about to be sent goes out twice. */
    public synchronized boolean takeDuplicateWebhook() {
        if (duplicateWebhooks <= 0) {
            return false;
        }
        duplicateWebhooks--;
        return true;
    }

    public boolean webhooksOutOfOrder() {
        return webhooksOutOfOrder;
    }

    public void sendWebhooksOutOfOrder(boolean outOfOrder) {
        webhooksOutOfOrder = outOfOrder;
    }

    public String rejectReason() {
        return rejectReason;
    }

    public void rejectNextOrder(String reason) {
        if (reason != null && !reason.isBlank()) {
            rejectReason = reason;
        }
        rejectNext.set(true);
    }

    public synchronized void failNext(int count, int status, int retryAfter) {
        failNext(count, status);
        retryAfterSeconds = retryAfter;
    }

    public synchronized int retryAfterSeconds() {
        return retryAfterSeconds;
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
