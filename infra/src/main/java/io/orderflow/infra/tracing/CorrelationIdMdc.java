package io.orderflow.infra.tracing;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the correlation id of the message being handled in the MDC, so that every log line of a command handler, an
 * event handler or the saga names the storefront request it descends from. The trace and span ids get there from the
 * tracer; the correlation id lives in the message's metadata, which is where the audit trail reads it as well.
 */
final class CorrelationIdMdc implements MessageHandlerInterceptor<Message<?>> {

    static final String KEY = "correlationId";

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        var previous = MDC.get(KEY);
        var correlationId = unitOfWork.getMessage().getMetaData().get(KEY);
        if (correlationId instanceof String id) {
            MDC.put(KEY, id);
        }
        try {
            return chain.proceed();
        } finally {
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        }
    }
}
