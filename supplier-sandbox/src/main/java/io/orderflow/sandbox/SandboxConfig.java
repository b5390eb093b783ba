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
  * @param mutualTls null, or a second listener serving the same APIs over HTTPS to clients with a certificate
  */
public record SandboxConfig(int port, URI webhookTarget, List<SimulatedSupplier> suppliers, MutualTls mutualTls) {

    public SandboxConfig(int port, URI webhookTarget, List<SimulatedSupplier> suppliers) {
        this(port, webhookTarget, suppliers, null);
    }

    /**
     * An HTTPS listener that requires a client certificate issued by {@code clientCaPem} (a partner requiring mutual
     * TLS), presenting {@code certificatePem} (its chain after it) with {@code privateKeyPem} (PKCS#8).
     *
     * @param port 0 picks a free port
     */
    public record MutualTls(int port, String certificatePem, String privateKeyPem, String clientCaPem) {

        public MutualTls {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("mutual TLS port out of range: " + port);
            }
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            Objects.requireNonNull(clientCaPem, "clientCaPem");
        }

        @Override
        public String toString() {
            return "MutualTls[port=" + port + ", key redacted]";
        }
    }

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
