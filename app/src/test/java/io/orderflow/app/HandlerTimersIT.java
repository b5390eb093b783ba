package io.orderflow.app;

import java.util.Collection;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.springboot.TimeoutProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's handler timers are off and its unit-of-work timers stay on (application.yml, {@code axon.timeout}): a handler
 * timer walked the thread's stack every time a handler started, thousands of times a second under load, while the
 * unit of work around the handler (a command, a query, a processor's batch) still warns about and stops one that hangs.
 */
class HandlerTimersIT extends AppIntegrationTestBase {

    @Autowired
    HandlerTimeoutHandlerEnhancerDefinition handlerTimers;
    @Autowired
    TimeoutProperties timeouts;

    static class Handlers {
        @EventHandler
        void on(String event) {
        }

        @CommandHandler
        void handle(Integer command) {
        }

        @QueryHandler
        String answer(Long query) {
            return "";
        }
    }

    @Test
    void handlersAreNotWrappedInTimersOfTheirOwn() {
        var members = AnnotatedHandlerInspector.inspectType(Handlers.class).getAllHandlers().values().stream()
                .flatMap(Collection::stream).toList();
        assertThat(members).hasSize(3);
        for (var member : members) {
            assertThat(handlerTimers.wrapHandler(member)).as(member.toString()).isSameAs(member);
        }
    }

    @Test
    void unitsOfWorkKeepTheirTimers() {
        var transaction = timeouts.getTransaction();
        assertThat(timeouts.isEnabled()).isTrue();
        for (var settings : java.util.List.of(transaction.getCommandBus(), transaction.getQueryBus(),
                transaction.getEventProcessors(), transaction.getDeadline())) {
            assertThat(settings.getTimeoutMs()).isPositive();
            assertThat(settings.getWarningThresholdMs()).isPositive().isLessThan(settings.getTimeoutMs());
        }
    }
}
