package io.orderflow.gateway.web;

import java.util.concurrent.Executors;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Axon 4's local buses run handlers on the calling thread, and command handlers block on JDBC. Every dispatch
 * therefore starts on a virtual thread, never on a Netty event loop. Query handlers live in another module;
 * they are sent the same way so that a blocking one cannot stall the event loop either.
 */
@Component
public class AxonCalls implements DisposableBean {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Scheduler virtualThreads =
            Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "gateway-axon");

    AxonCalls(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /** Completes with the handler's result (empty if it returned nothing), or fails with its exception. */
    public <R> Mono<R> send(CommandMessage<?> command) {
        return Mono.<R>fromFuture(() -> commands.send(command)).subscribeOn(virtualThreads);
    }

    public <R> Mono<R> query(Object query, ResponseType<R> responseType) {
        return Mono.fromFuture(() -> queries.query(query, responseType)).subscribeOn(virtualThreads);
    }

    public <I, U> Mono<SubscriptionQueryResult<I, U>> subscribe(Object query, ResponseType<I> initial, ResponseType<U> updates) {
        return Mono.fromCallable(() -> queries.subscriptionQuery(query, initial, updates)).subscribeOn(virtualThreads);
    }

    @Override
    public void destroy() {
        virtualThreads.dispose();
    }
}
