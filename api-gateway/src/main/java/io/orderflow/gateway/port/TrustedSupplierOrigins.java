package io.orderflow.gateway.port;

import java.net.URI;
import java.util.List;

/**
 * Port: origins (scheme, host, port) that a supplier's URL may name although they are plain http or a loopback or
 * private address, because this deployment runs them itself: the embedded default's supplier sandbox.
 */
public interface TrustedSupplierOrigins {

    List<URI> origins();
}
