package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.ChangeChannel;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

/**
 * Told within one node (a Spring application event, not a domain event) when the supplier directory read model has
 * changed, as announced on {@link ChangeChannel#SUPPLIER_DIRECTORY}, or may have changed unseen: one supplier's
 * settings or catalog, a retailer's suppliers or policy, or (both ids absent) anything at all.
 */
public record SupplierDirectoryChanged(RetailerId retailerId, SupplierId supplierId, String cause) {

    /** Anything may have changed: nobody listened for a while, or the directory was rebuilt. */
    public static SupplierDirectoryChanged everything(String cause) {
        return new SupplierDirectoryChanged(null, null, cause);
    }

    /** From a {@link ChangeChannel#SUPPLIER_DIRECTORY} payload: {@code retailerId}, {@code retailerId/supplierId} or {@code *}. */
    public static SupplierDirectoryChanged fromPayload(String payload, String cause) {
        if (payload == null || payload.isEmpty() || payload.startsWith("*")) {
            return everything(cause);
        }
        int slash = payload.indexOf('/');
        return slash < 0 ? new SupplierDirectoryChanged(new RetailerId(payload), null, cause)
                : new SupplierDirectoryChanged(new RetailerId(payload.substring(0, slash)),
                        new SupplierId(payload.substring(slash + 1)), cause);
    }
}
