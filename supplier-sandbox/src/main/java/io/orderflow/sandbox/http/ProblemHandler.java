package io.orderflow.sandbox.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;

/** Turns {@link Problem}s into problem+json answers and anything unexpected into a 500. */
public final class ProblemHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ProblemHandler.class.getName());

    private final HttpHandler delegate;

    public ProblemHandler(HttpHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            delegate.handle(exchange);
        } catch (Problem problem) {
            Exchanges.problem(exchange, problem);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sandbox request " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
            Exchanges.problem(exchange, new Problem(500, "Internal Server Error", "the sandbox failed to handle the request"));
        } finally {
            exchange.close();
        }
    }
}
