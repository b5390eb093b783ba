package io.orderflow.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

final class Ports {

    private Ports() {
    }

    /** 0 means "any free port"; a fixed port must be free now, so a clash fails with a clear message. */
    static int resolve(int requested, String service, String property) {
        if (requested == 0) {
            return freePort();
        }
        try (ServerSocket ignored = new ServerSocket(requested, 1, InetAddress.getLoopbackAddress())) {
            return requested;
        } catch (IOException e) {
            throw new IllegalStateException(service + " cannot listen on localhost:" + requested
                    + " (the port is in use). Stop whatever uses it, set " + property
                    + " to another port (0 picks a free one), or point orderflow at an external server.", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
