package io.orderflow.infra.connector;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.FailSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RecordSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.ShippingAddress;
import io.orderflow.infra.privacy.CustomerDataVault;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.infra.routing.BackorderSweeps;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * DESIGN §4 step 5 and the dispatcher's rule: a submission that a cut-off attempt may have made is parked (thrown,
 * so the processor dead-letters that order's sequence), never failed over to another supplier, which could ship the
 * order twice. Only a first attempt that the supplier never answered may fail over.
 */
class SupplierDispatcherTest {

    static final String SUPPLIER = "berlin-gear";

    final SupplierRegistry registry = mock(SupplierRegistry.class);
    final CommandGateway commands = mock(CommandGateway.class);
    final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    final ScriptedClient client = new ScriptedClient();
    final CustomerDataVault vault = mock(CustomerDataVault.class);
    SupplierCircuitBreakers breakers;
    SupplierDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
        when(vault.open(any())).thenReturn(Optional.of(new PersonalData(null,
                new ShippingAddress("A", "Street 1", null, "Berlin", "BE", "10115", "DE", null, null))));
        when(registry.connection(SUPPLIER)).thenReturn(Optional.of(new SupplierConnection(SUPPLIER, "PARTNER_REST",
                URI.create("https://partner.example"), "secret", null, null)));
        breakers = new SupplierCircuitBreakers(Duration.ofSeconds(30), 5,
                new StaticListableBeanFactory().getBeanProvider(BackorderSweeps.class));
        // the real back-off schedule, at a hundredth of its waits: the retries are the point, not the waiting
        dispatcher = new SupplierDispatcher(registry, List.of(client), commands, jdbc, Clock.systemUTC(), transactions,
                breakers, vault, SupplierDispatcher.FIRST_RETRY.dividedBy(100));
    }

    @Test
    void anOrderWhosePersonalDataWasErasedFailsWithoutAskingTheSupplier() throws Exception {
        when(vault.open(any())).thenReturn(Optional.empty());

        dispatcher.on(event("alloc-erased"), "corr-1");

        assertThat(client.calls).hasValue(0);
        var failed = org.mockito.ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(failed.capture());
        assertThat(failed.getValue()).isInstanceOf(FailSupplierOrderSubmissionCommand.class);
        assertThat(((FailSupplierOrderSubmissionCommand) failed.getValue()).reason()).contains("erased");
    }

    @Test
    void aSubmissionAnEarlierAttemptMayHaveMadeIsParkedWhenTheSupplierCannotBeAsked() {
        earlierAttemptWasCutOff(true);
        client.failures = new SupplierCallException("supplier answered 503", true);

        assertThatThrownBy(() -> dispatcher.on(event("alloc-1"), "corr-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may already exist");

        verify(commands, never()).sendAndWait(isA(FailSupplierOrderSubmissionCommand.class));
        assertThat(client.calls.get()).as("retried before parking").isGreaterThan(1);
    }

    @Test
    void aSubmissionAnEarlierAttemptMayHaveMadeIsParkedWhileTheCircuitIsOpen() {
        earlierAttemptWasCutOff(true);
        breakers.of(SUPPLIER).transitionToOpenState();

        assertThatThrownBy(() -> dispatcher.on(event("alloc-2"), "corr-2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may already exist");

        verify(commands, never()).sendAndWait(isA(FailSupplierOrderSubmissionCommand.class));
        assertThat(client.calls.get()).isZero();
    }

    @Test
    void aFirstAttemptTheSupplierNeverAnsweredFailsOverToAnotherSupplier() throws Exception {
        earlierAttemptWasCutOff(false);
        client.failures = new SupplierCallException("supplier answered 503", true);

        dispatcher.on(event("alloc-3"), "corr-3");

        verify(commands).sendAndWait(isA(FailSupplierOrderSubmissionCommand.class));
    }

    @Test
    void aRedeliveredSubmissionTheSupplierAnswersIsRecorded() throws Exception {
        earlierAttemptWasCutOff(true);

        dispatcher.on(event("alloc-4"), "corr-4");

        verify(commands).sendAndWait(isA(RecordSupplierOrderSubmissionCommand.class));
        verify(commands, never()).sendAndWait(isA(FailSupplierOrderSubmissionCommand.class));
    }

    @Test
    void oneOrderThatKeepsFailingDoesNotOpenTheCircuitForTheOthers() throws Exception {
        earlierAttemptWasCutOff(false);
        for (int i = 0; i < 6; i++) {
            client.failures = null;
            dispatcher.on(event("ok-" + i), "corr");
            client.failures = new SupplierCallException("supplier answered 500", true);
            client.failOnlyFor = "poison-" + i;
            // the poison order fails each attempt while others succeed in between
            client.onEachFailure = () -> breakers.attempt(SUPPLIER, () -> "served another order");
            dispatcher.on(event("poison-" + i), "corr");
            client.onEachFailure = null;
            client.failOnlyFor = null;
        }

        assertThat(breakers.circuitOpen(new SupplierId(SUPPLIER))).isFalse();
    }

    @Test
    void aSupplierThatFailsEveryOrderStillOpensItsCircuit() throws Exception {
        earlierAttemptWasCutOff(false);
        client.failures = new SupplierCallException("supplier answered 500", true);
        for (int i = 0; i < 5; i++) {
            dispatcher.on(event("down-" + i), "corr");
        }

        assertThat(breakers.circuitOpen(new SupplierId(SUPPLIER))).isTrue();
    }

    /** The allocation link exists already (0 rows inserted) when an earlier attempt got as far as the call. */
    /**
     * The supplier is asked with no transaction of the dispatcher's open: the reads and the link it needs committed
     * before, so that the batch's own transaction takes its pooled connection only after the answer
     * (PersistenceConfiguration.LazyPool), and the supplier's first webhook finds the link.
     */
    @Test
    void theSupplierIsAskedOnlyOnceTheLinkIsCommittedAndNoTransactionIsOpen() throws Exception {
        earlierAttemptWasCutOff(false);
        var begun = new AtomicInteger();
        var ended = new AtomicInteger();
        var counting = new PlatformTransactionManager() {
            @Override
            public org.springframework.transaction.TransactionStatus getTransaction(
                    org.springframework.transaction.TransactionDefinition definition) {
                begun.incrementAndGet();
                return new SimpleTransactionStatus();
            }

            @Override
            public void commit(org.springframework.transaction.TransactionStatus status) {
                ended.incrementAndGet();
            }

            @Override
            public void rollback(org.springframework.transaction.TransactionStatus status) {
                ended.incrementAndGet();
            }
        };
        // what is read before the call is read in that transaction too, not in the batch's (which would then hold
        // its connection through the call)
        var openAtTheReads = new java.util.ArrayList<Integer>();
        var connection = registry.connection(SUPPLIER);
        when(registry.connection(SUPPLIER)).thenAnswer(read -> {
            openAtTheReads.add(begun.get() - ended.get());
            return connection;
        });
        var personalData = vault.open(null);
        when(vault.open(any())).thenAnswer(read -> {
            openAtTheReads.add(begun.get() - ended.get());
            return personalData;
        });
        var openAtTheCall = new AtomicInteger(-1);
        client.onEachCall = () -> {
            verify(jdbc).update(contains("INSERT INTO supplier_order_link"), anyString(), anyString(), anyString(),
                    anyString());
            openAtTheCall.set(begun.get() - ended.get());
        };
        var dispatcher = new SupplierDispatcher(registry, List.of(client), commands, jdbc, Clock.systemUTC(), counting,
                breakers, vault, SupplierDispatcher.FIRST_RETRY.dividedBy(100));

        dispatcher.on(event("alloc-lazy"), "corr-lazy");

        assertThat(begun.get()).as("the link's own transaction").isEqualTo(1);
        assertThat(openAtTheReads).as("transactions open at the supplier's and the address's reads").containsExactly(1, 1);
        assertThat(openAtTheCall.get()).as("transactions open while the supplier answers").isZero();
        verify(commands).sendAndWait(isA(RecordSupplierOrderSubmissionCommand.class));
    }

    private void earlierAttemptWasCutOff(boolean cutOff) {
        when(jdbc.update(contains("INSERT INTO supplier_order_link"), anyString(), anyString(), anyString(), anyString()))
                .thenReturn(cutOff ? 0 : 1);
    }

    private static SupplierOrderSubmissionRequestedEvent event(String allocationId) {
        var supplier = new SupplierId(SUPPLIER);
        return new SupplierOrderSubmissionRequestedEvent(new OrderId("order-" + allocationId),
                new RetailerId("demo-retailer"), new AllocationId(allocationId), supplier,
                List.of(new AllocatedLine("1", new Sku("MUG-LOGO"), 1, "BG-MUG", null, 1,
                        StockPositionId.of(supplier, "berlin", "BG-MUG"), 1)),
                new SealedPersonalData("order-" + allocationId, SealedPersonalData.AES_GCM, "c2VhbGVk"));
    }

    static final class ScriptedClient implements SupplierClient {
        final AtomicInteger calls = new AtomicInteger();
        volatile RuntimeException failures;
        volatile String failOnlyFor;
        volatile Runnable onEachFailure;
        volatile Runnable onEachCall;

        @Override
        public String type() {
            return "PARTNER_REST";
        }

        @Override
        public String submit(SupplierConnection supplier, SupplierOrder order, String correlationId) {
            calls.incrementAndGet();
            if (onEachCall != null) {
                onEachCall.run();
            }
            if (failures != null && (failOnlyFor == null || failOnlyFor.equals(order.allocationId()))) {
                if (onEachFailure != null) {
                    onEachFailure.run();
                }
                throw failures;
            }
            return "PO-" + order.allocationId();
        }

        @Override
        public CancelAnswer cancel(SupplierConnection supplier, String allocationId, String supplierOrderRef,
                                   String correlationId) {
            return CancelAnswer.CANCELLED;
        }
    }
}
