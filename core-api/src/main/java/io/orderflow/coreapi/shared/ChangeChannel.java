package io.orderflow.coreapi.shared;

/**
 * A PostgreSQL NOTIFY channel on which a read model announces its changes (when its transaction commits) to whoever
 * keeps something derived from it: the projection that writes and the readers that listen name the same channel.
 */
public record ChangeChannel(String name) {

    /** Payload: the changed order view (or its id when too big). */
    public static final ChangeChannel ORDER_VIEW = new ChangeChannel("order_view_changed");
    /**
     * Payload: the retailer whose suppliers, catalogs or routing policy changed, or * for all; followed by
     * {@code /supplierId} when one supplier (its settings or catalog) changed.
     */
    public static final ChangeChannel SUPPLIER_DIRECTORY = new ChangeChannel("supplier_directory_changed");
    /**
     * Payload: the id of the API key that was revoked or rotated (or * for several). Every node drops the key lookups
     * it keeps, so that the old secret stops working everywhere at once.
     */
    public static final ChangeChannel API_KEYS = new ChangeChannel("api_key_changed");
}
