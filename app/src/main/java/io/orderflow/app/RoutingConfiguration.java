package io.orderflow.app;

import io.orderflow.command.port.RoutingPolicies;
import io.orderflow.command.port.StockAvailability;
import io.orderflow.command.port.SupplierDirectory;
import io.orderflow.command.port.SupplierHealth;
import io.orderflow.command.port.SupplierPerformance;
import io.orderflow.command.routing.RoutingInputs;
import io.orderflow.command.routing.RoutingService;
import io.orderflow.command.routing.engine.RoutingEngine;

import java.time.Clock;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** command-side stays free of Spring wiring; its routing service is assembled here from the ports infra implements. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    RoutingEngine routingEngine() {
        return new RoutingEngine();
    }

    @Bean
    RoutingInputs routingInputs(SupplierDirectory directory, StockAvailability stock, SupplierPerformance performance,
                                RoutingPolicies policies, SupplierHealth health) {
        return new RoutingInputs(directory, stock, performance, policies, health);
    }

    @Bean
    RoutingService routingService(CommandGateway commands, RoutingInputs inputs, RoutingEngine engine, Clock clock) {
        return new RoutingService(commands, inputs, engine, clock);
    }
}
