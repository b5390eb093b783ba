package io.orderflow.infra.metrics;

import io.orderflow.coreapi.order.RouteOrderCommand;

import java.time.Duration;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * {@code orderflow.routing.duration}: how long routing one order takes, from the routing command's start to its
 * decision recorded (engine, stock reservations and the allocations), as a histogram. Measured around the command's
 * handler, so command-side stays free of metrics; tagged by outcome (success or the failure's type).
 */
@Component
class RoutingMeters implements SmartInitializingSingleton {

    static final String NAME = "orderflow.routing.duration";
    /** Routing takes milliseconds (the engine alone well under one); the rest is reservations and their locks. */
    private static final Duration[] BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final CommandBus commands;
    private final MeterRegistry registry;

    RoutingMeters(CommandBus commands, MeterRegistry registry) {
        this.commands = commands;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        commands.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (!(unitOfWork.getMessage().getPayload() instanceof RouteOrderCommand)) {
                return chain.proceed();
            }
            var sample = Timer.start(registry);
            String outcome = "success";
            try {
                return chain.proceed();
            } catch (Exception failure) {
                outcome = "failure";
                throw failure;
            } finally {
                sample.stop(Timer.builder(NAME)
                        .description("Routing one order: engine, reservations and allocations")
                        .tag("outcome", outcome)
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
            }
        });
    }
}
