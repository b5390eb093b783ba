package io.orderflow.gateway.inventory;

import java.util.concurrent.Executors;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Like the order API's AxonCalls: command handlers block on JDBC, so every dispatch starts on a virtual thread. */
@Component
class InventoryAxonCalls implements DisposableBean {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Scheduler virtualThreads =
            Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "gateway-inventory");

    InventoryAxonCalls(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    <R> Mono<R> send(CommandMessage<?> command) {
        return Mono.<R>fromFuture(() -> commands.send(command)).subscribeOn(virtualThreads);
    }

    <R> Mono<R> query(Object query, ResponseType<R> responseType) {
        return Mono.fromFuture(() -> queries.query(query, responseType)).subscribeOn(virtualThreads);
    }

    @Override
    public void destroy() {
        virtualThreads.dispose();
    }
}
