package io.orderflow.sandbox.suppliers;

import io.orderflow.sandbox.http.Problem;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class SupplierRegistry {

    private final Map<String, SupplierRuntime> suppliers = new LinkedHashMap<>();

    public SupplierRegistry(List<SimulatedSupplier> configured) {
        configured.forEach(supplier -> suppliers.put(supplier.supplierId(), new SupplierRuntime(supplier)));
    }

    public SupplierRuntime require(String supplierId) {
        SupplierRuntime supplier = suppliers.get(supplierId);
        if (supplier == null) {
            throw Problem.notFound("unknown supplier " + supplierId);
        }
        return supplier;
    }

    public SupplierRuntime get(String supplierId) {
        return suppliers.get(supplierId);
    }

    public Collection<SupplierRuntime> all() {
        return suppliers.values();
    }

    public String[] ids() {
        return suppliers.keySet().toArray(String[]::new);
    }
}
