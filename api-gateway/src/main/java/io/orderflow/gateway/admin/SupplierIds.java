package io.orderflow.gateway.admin;

import java.util.regex.Pattern;

/** Which strings may name a supplier: those that webhook paths accept, and nothing shaped like an order id. */
final class SupplierIds {

    static final String RULE = "must be 1 to 100 letters, digits, '.', '_' or '-', and not a UUID";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    // The Supplier aggregate's event stream is named by the bare id, and order ids are UUIDs: a supplier named
    // like an order would write into that order's stream.
    private static final Pattern UUID_SHAPED =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SupplierIds() {
    }

    static boolean isValid(String supplierId) {
        return supplierId != null && ALLOWED.matcher(supplierId).matches() && !UUID_SHAPED.matcher(supplierId).matches();
    }
}
