package io.orderflow.infra.connector;

import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.FailSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.RecordSupplierCancellationAnswerCommand;
import io.orderflow.coreapi.order.RecordSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RejectSupplierOrderCommand;
import io.orderflow.coreapi.order.SupplierOrderCancellationRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.infra.privacy.CustomerDataVault;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.ResourceAccessException;

/**
 * Submits allocations to their suppliers. It runs in its own tracking processor, so a slow supplier
 * holds up no command and no other processor. The allocation id is the idempotency key: however often
 * this handler runs for one allocation, the supplier holds one order. Transient failures are retried with
 * exponential backoff and jitter, each attempt through the supplier's circuit breaker; what cannot succeed is
 * reported to the order (failed or rejected) so that the saga compensates, unless an earlier attempt may already
 * have created the order: then the event is dead-lettered for its order, to be retried once the supplier answers.
 */
@Component
@ProcessingGroup(SupplierDispatcher.GROUP)
class SupplierDispatcher {

    /** The allocated lines, kept with the supplier order's link for SupplierOrderLinks to read. */
    private static final JsonMapper LINES = JsonMapper.builder().build();


    static final String GROUP = "supplier-dispatch";
    private static final Logger log = LoggerFactory.getLogger(SupplierDispatcher.class);

    private final SupplierRegistry suppliers;
    private final Map<String, SupplierClient> connectors;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate separately;
    private final SupplierCircuitBreakers breakers;
    /** The first retry's wait; each next one doubles, with jitter, up to 3 s. */
    static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final RetryTemplate retry;
    private final CustomerDataVault vault;

    @Autowired
    SupplierDispatcher(SupplierRegistry suppliers, List<SupplierClient> clients, CommandGateway commands,
                       JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions,
                       SupplierCircuitBreakers breakers, CustomerDataVault vault) {
        this(suppliers, clients, commands, jdbc, clock, transactions, breakers, vault, FIRST_RETRY);
    }

    SupplierDispatcher(SupplierRegistry suppliers, List<SupplierClient> clients, CommandGateway commands,
                       JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions,
                       SupplierCircuitBreakers breakers, CustomerDataVault vault, Duration firstRetry) {
        this.vault = vault;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(4)
                .delay(firstRetry)
                .multiplier(2)
                .jitter(firstRetry.dividedBy(2))
                .maxDelay(Duration.ofSeconds(3))
                .predicate(SupplierDispatcher::isTransient)
                .build());
        this.suppliers = suppliers;
        this.breakers = breakers;
        this.connectors = clients.stream().collect(Collectors.toMap(SupplierClient::type, c -> c));
        this.commands = commands;
        this.jdbc = jdbc;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventHandler
    void on(SupplierOrderSubmissionRequestedEvent event, @MetaDataValue("correlationId") String correlationId)
            throws RetryException {
        // read and linked in a transaction of their own, committed before the call: the batch's own transaction
        // then takes its pooled connection only after the supplier answered (PersistenceConfiguration.LazyPool), and
        // the supplier's first webhook, which may arrive before this handler returns, finds the link (read in our
        // terms: lines, supplier units per item)
        var prepared = separately.execute(tx -> prepare(event));
        var supplier = prepared.supplier();
        if (prepared.personalData().isEmpty()) {
            // erased (or unreadable): there is no address to ship to, now or later
            commands.sendAndWait(new FailSupplierOrderSubmissionCommand(event.orderId(), event.allocationId(),
                    "the customer's personal data was erased; there is no address to ship to", clock.instant()));
            return;
        }
        var connector = connectors.get(supplier.connectorType());
        if (connector == null) {
            throw new IllegalStateException("no connector for " + supplier.connectorType() + " of " + supplier.supplierId());
        }
        var order = new SupplierOrder(event.allocationId().value(), event.orderId().value(), event.lines(),
                prepared.personalData().get().shipTo());
        long successesBefore = breakers.successesSoFar(supplier.supplierId());
        String supplierOrderRef;
        try {
            supplierOrderRef = retry.execute(() -> breakers.attempt(supplier.supplierId(),
                    () -> connector.submit(supplier, order, correlationId)));
        } catch (RetryException failed) {
            breakers.failed(supplier.supplierId(), lastFailure(failed), successesBefore);
            giveUp(event, failed, prepared.triedBefore());
            return;
        }
        jdbc.update("UPDATE supplier_order_link SET supplier_order_ref = ? WHERE allocation_id = ?",
                supplierOrderRef, event.allocationId().value());
        commands.sendAndWait(new RecordSupplierOrderSubmissionCommand(event.orderId(), event.allocationId(),
                supplierOrderRef, clock.instant()));
        if (connector.acceptsOnCreation()) {
            commands.sendAndWait(new AcceptSupplierOrderCommand(event.orderId(), event.allocationId(), clock.instant()));
        }
        log.info("allocation {} submitted to {} as {}", event.allocationId(), supplier.supplierId(), supplierOrderRef);
    }

    /**
     * What a submission needs before the call: the supplier's connection, the address, and whether an earlier attempt
     * (before a crash, or a redelivery) linked it already, so that it may have reached the supplier.
     */
    private record Prepared(SupplierConnection supplier, Optional<PersonalData> personalData, boolean triedBefore) {
    }

    private Prepared prepare(SupplierOrderSubmissionRequestedEvent event) {
        var supplier = suppliers.connection(event.supplierId().value())
                .orElseThrow(() -> new IllegalStateException("unknown supplier " + event.supplierId()));
        var personalData = vault.open(event.personalData());
        if (personalData.isEmpty()) {
            return new Prepared(supplier, personalData, false);
        }
        int linked = jdbc.update("""
                INSERT INTO supplier_order_link (allocation_id, order_id, supplier_id, lines) VALUES (?, ?, ?, ?::jsonb)
                ON CONFLICT (allocation_id) DO NOTHING""",
                event.allocationId().value(), event.orderId().value(), event.supplierId().value(),
                LINES.writeValueAsString(event.lines()));
        return new Prepared(supplier, personalData, linked == 0);
    }

    /**
     * Permanent failures, an open circuit and exhausted retries fail the submission; a business refusal is the
     * supplier rejecting the order. Either way the saga compensates and routes elsewhere. Anything else (a bug, a
     * command that cannot be applied) is thrown, for the processor's dead-letter queue.
     */
    private void giveUp(SupplierOrderSubmissionRequestedEvent event, RetryException failed, boolean triedBefore) {
        var last = lastFailure(failed);
        var supplier = event.supplierId().value();
        boolean unanswered = last instanceof CallNotPermittedException || isTransient(last);
        if (triedBefore && unanswered) {
            // the supplier may hold the order from that earlier attempt: routing elsewhere could ship twice. Parked
            // (this order only) until the supplier can be asked again; the same Idempotency-Key then finds it.
            throw new IllegalStateException("allocation " + event.allocationId() + " may already exist at " + supplier
                    + " (an earlier attempt was cut off) and " + supplier + " cannot be asked now", last);
        }
        if (last instanceof SupplierCallException call && call.kind() == SupplierCallException.Kind.BUSINESS) {
            log.info("supplier {} refused allocation {}: {}", supplier, event.allocationId(), call.getMessage());
            commands.sendAndWait(new RejectSupplierOrderCommand(event.orderId(), event.allocationId(),
                    "refused at submission (" + call.getMessage() + ")", clock.instant()));
            return;
        }
        String reason;
        if (last instanceof CallNotPermittedException) {
            reason = "circuit open: supplier " + supplier + " is failing";
        } else if (last instanceof SupplierCallException call && !call.isTransient()) {
            reason = "permanent failure: " + call.getMessage();
        } else if (isTransient(last)) {
            reason = "still failing after " + (failed.getRetryCount() + 1) + " attempts: " + last.getMessage();
        } else {
            throw new IllegalStateException("submitting allocation " + event.allocationId() + " failed", last);
        }
        log.warn("submission of allocation {} to {} failed: {}", event.allocationId(), supplier, reason);
        commands.sendAndWait(new FailSupplierOrderSubmissionCommand(event.orderId(), event.allocationId(), reason,
                clock.instant()));
    }

    /** Asks the supplier to cancel its order for the allocation and reports its answer to the order. */
    @EventHandler
    void on(SupplierOrderCancellationRequestedEvent event, @MetaDataValue("correlationId") String correlationId)
            throws RetryException {
        // read apart from the batch's transaction, which so holds no connection while the supplier answers
        var cancelling = separately.execute(tx -> new Cancelling(suppliers.connection(event.supplierId().value()),
                jdbc.queryForList("SELECT supplier_order_ref FROM supplier_order_link WHERE allocation_id = ?",
                        String.class, event.allocationId().value()).stream()
                        .filter(r -> r != null).findFirst().orElse(null)));
        var supplier = cancelling.supplier()
                .orElseThrow(() -> new IllegalStateException("unknown supplier " + event.supplierId()));
        var connector = connectors.get(supplier.connectorType());
        if (connector == null) {
            throw new IllegalStateException("no connector for " + supplier.connectorType() + " of " + supplier.supplierId());
        }
        var ref = cancelling.supplierOrderRef();
        long successesBefore = breakers.successesSoFar(supplier.supplierId());
        SupplierClient.CancelAnswer answer;
        try {
            answer = retry.execute(() -> breakers.attempt(supplier.supplierId(),
                    () -> connector.cancel(supplier, event.allocationId().value(), ref, correlationId)));
        } catch (RetryException failed) {
            breakers.failed(supplier.supplierId(), lastFailure(failed), successesBefore);
            throw failed;
        }
        log.info("supplier {} answered {} to cancelling allocation {}", supplier.supplierId(), answer,
                event.allocationId());
        commands.sendAndWait(new RecordSupplierCancellationAnswerCommand(event.orderId(), event.allocationId(),
                answer.name(), clock.instant()));
    }

    /** What a cancellation needs before the call: the supplier's connection and its reference for the order. */
    private record Cancelling(Optional<SupplierConnection> supplier, String supplierOrderRef) {
    }

    private static Throwable lastFailure(RetryException failed) {
        return failed.getLastException() == null ? failed.getCause() : failed.getLastException();
    }

    private static boolean isTransient(Throwable failure) {
        return failure instanceof ResourceAccessException
                || (failure instanceof SupplierCallException call && call.isTransient());
    }
}
