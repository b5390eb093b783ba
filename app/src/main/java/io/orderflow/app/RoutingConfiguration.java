package io.orderflow.app;

import io.orderflow.command.routing.HighestPriorityRouting;
import io.orderflow.command.routing.RoutingService;
import io.orderflow.command.routing.RoutingStrategy;
import io.orderflow.command.port.SupplierDirectory;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** command-side stays free of Spring wiring; its routing service is assembled here. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    RoutingStrategy routingStrategy() {
        return new HighestPriorityRouting();
    }

    @Bean
    RoutingService routingService(CommandGateway commands, SupplierDirectory directory, RoutingStrategy strategy) {
        return new RoutingService(commands, directory, strategy);
    }
}
