package io.orderflow.infra.supplier;

import java.net.URI;

/** How to reach one supplier's API. The secret never leaves infra and is never logged. */
record SupplierConnection(String supplierId, String connectorType, URI baseUrl, String apiSecret) {

    @Override
    public String toString() {
        return "SupplierConnection[" + supplierId + ", " + connectorType + ", " + baseUrl + "]";
    }
}
