package io.orderflow.infra.connector;

/**
 * One kind of supplier API. Implementations are stateless beans picked by the supplier's connector
 * type; they throw {@link SupplierCallException} saying whether a retry may help, and never retry themselves
 * beyond what the protocol demands (a rate limit's wait).
 */
public interface SupplierClient {

    /** The supplier directory's connector type this connector speaks: {@code PARTNER_REST} or {@code SHOPIFY}. */
    String type();

    /**
     * Creates the supplier order for one allocation, or finds the one an earlier attempt created: however often
     * this is called for an allocation, the supplier holds one order. Answers the supplier's order reference.
     */
    String submit(SupplierConnection supplier, SupplierOrder order, String correlationId);

    /**
     * Whether an order the supplier holds is already accepted: Shopify has no acceptance step (the shop's order
     * exists, so it is taken), a partner accepts with a webhook.
     */
    default boolean acceptsOnCreation() {
        return false;
    }

    /** Asks the supplier to cancel its order for the allocation. */
    CancelAnswer cancel(SupplierConnection supplier, String allocationId, String supplierOrderRef, String correlationId);

    enum CancelAnswer {
        /** Cancelled now or earlier. */
        CANCELLED,
        /** The supplier has shipped (part of) it and refuses. */
        TOO_LATE,
        /** The supplier holds no such order: nothing to cancel. */
        NOT_FOUND
    }
}
