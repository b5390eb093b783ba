package io.orderflow.sandbox;

import io.orderflow.sandbox.suppliers.SimulatedSupplier;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
  * @param port 0 picks a free port
  * @param webhookTarget orderflow's base URL; webhooks go to {@code /webhooks/partner/{supplierId}} below it, or to
  *     {@code /webhooks/shopify/{supplierId}} for a simulated Shopify shop
  */
public record SandboxConfig(int port, URI webhookTarget, List<SimulatedSupplier> suppliers) {

    public SandboxConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(webhookTarget, "webhookTarget");
        if (!webhookTarget.isAbsolute() || !webhookTarget.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("webhookTarget must be an absolute http(s) URL: " + webhookTarget);
        }
        suppliers = List.copyOf(Objects.requireNonNull(suppliers, "suppliers"));
        var ids = new HashSet<String>();
        for (SimulatedSupplier supplier : suppliers) {
            if (!ids.add(supplier.supplierId())) {
                throw new IllegalArgumentException("duplicate supplierId " + supplier.supplierId());
            }
        }
    }
}
