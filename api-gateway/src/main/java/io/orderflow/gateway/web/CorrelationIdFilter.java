package io.orderflow.gateway.web;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Runs before security so that 401s and 403s carry the correlation id too. The id is also put in the request's
 * Reactor context, from where (with {@code spring.reactor.context-propagation=auto}) it reaches the MDC of every log
 * line written while the request is handled, on whichever thread.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationIdFilter implements WebFilter {

    static final String MDC_KEY = "correlationId";

    CorrelationIdFilter() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcAccessor());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = CorrelationId.of(exchange);
        var response = exchange.getResponse();
        response.getHeaders().set(CorrelationId.HEADER, id);
        // error handlers may rebuild the response headers; set it again just before they are sent
        response.beforeCommit(() -> {
            response.getHeaders().set(CorrelationId.HEADER, id);
            return Mono.empty();
        });
        return chain.filter(exchange).contextWrite(context -> context.put(MDC_KEY, id));
    }

    /** The MDC entry as a thread-local that Reactor restores from the request's context. */
    private static final class MdcAccessor implements ThreadLocalAccessor<String> {

        @Override
        public Object key() {
            return MDC_KEY;
        }

        @Override
        public String getValue() {
            return MDC.get(MDC_KEY);
        }

        @Override
        public void setValue(String value) {
            MDC.put(MDC_KEY, value);
        }

        @Override
        public void setValue() {
            MDC.remove(MDC_KEY);
        }
    }
}
