package io.orderflow.infra.axon;

import io.orderflow.coreapi.order.OrderFulfillment;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import io.orderflow.infra.cluster.ClaimWatchingTokenStore;
import io.orderflow.infra.cluster.ClusterNodes;
import io.orderflow.infra.cluster.NodeRole;
import io.orderflow.infra.cluster.NodeRoles;
import io.orderflow.infra.deadletter.SagaDeadLetters;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.modelling.saga.repository.CachingSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Axon on PostgreSQL: stores come from Axon's JDBC auto-configuration; what it gets wrong is set here. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    public static final String CAUSATION_EVENT_ID = "causationEventId";

    /** STACK.md trap 1: with Boot 4, Axon would otherwise fall back to running without transactions. */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /** Jackson 3 for everything stored: events, snapshots, sagas, tokens, deadlines. */
    @Bean
    @Primary
    Serializer serializer() {
        return jackson();
    }

    @Bean
    Serializer eventSerializer() {
        return jackson();
    }

    @Bean
    Serializer messageSerializer() {
        return jackson();
    }

    public static Jackson3Serializer jackson() {
        return Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(builder -> builder
                        .changeDefaultVisibility(v -> v
                                .withVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                                .withVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                                .withVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE))
                        // sagas keep their state in final collections; Jackson 3 leaves final fields alone by default
                        .enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                        // replay tokens wrap another token by its class name (and type their reset context as
                        // Object, which Jackson 3's default validator refuses outright: a reset processor could never
                        // claim its tokens again); only Axon's own classes may be named there
                        .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                                .allowIfSubType("org.axonframework.")
                                .build())
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .lenientDeserialization()
                .build();
    }

    /**
     * pgjdbc reports a unique-key violation as SQLState 23505, not as SQLIntegrityConstraintViolationException,
     * which Axon's default resolver looks for. Without this, a lost append race is not a ConcurrencyException
     * (and is not retried) and a duplicate order id is not an AggregateStreamCreationException.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    return true;
                }
            }
            return false;
        };
    }

    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema();
    }

    /**
     * Sagas and their associations are kept in memory between events: without it every event an order's saga
     * handles reads the association table and the saga back from PostgreSQL. An order's events are handled by the
     * one node that holds its segment, and the cache follows every change this node makes, and forgets what a
     * rolled-back unit of work changed ({@link RollbackSafeSagaStore}).
     */
    @Bean
    SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer, SagaSqlSchema schema,
                                @Value("${orderflow.cache.sagas:50000}") long size) {
        var store = JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(schema)
                .serializer(serializer)
                .build();
        var sagas = new AggregateCaches.CaffeineCache(size);
        var associations = new AggregateCaches.CaffeineCache(size);
        return new RollbackSafeSagaStore(CachingSagaStore.builder()
                .delegateSagaStore(store)
                .sagaCache(sagas)
                .associationsCache(associations)
                .build(), sagas, associations);
    }

    /**
     * Axon's JDBC token store, its claims signed with this node's id in the cluster. When this node claims a segment
     * of the saga's processor, the saga caches and the set of parked orders are refreshed: another node may have
     * handled that segment's events since this node last did.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, ClusterNodes nodes,
                          ObjectProvider<SagaStore<Object>> sagaStore, ObjectProvider<SagaDeadLetters> sagaDeadLetters,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        var store = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(new TokenSchema())
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(nodes.nodeId())
                .build();
        return new ClaimWatchingTokenStore(store, OrderFulfillment.PROCESSING_GROUP, () -> {
            if (sagaStore.getIfAvailable() instanceof RollbackSafeSagaStore sagas) {
                sagas.forgetAll();
            }
            sagaDeadLetters.ifAvailable(SagaDeadLetters::segmentClaimed);
        });
    }

    /**
     * Deadlines live in PostgreSQL (db-scheduler), so they survive restarts and run on one node only. Stopped by
     * {@link #deadlineSchedulerStop}, not when the bean is destroyed.
     */
    @Bean(destroyMethod = "")
    Scheduler deadlineScheduler(DataSource dataSource, ApplicationContext context) {
        // through the proxy, a deadline scheduled or cancelled while a saga handles an event joins that event's
        // transaction: it commits with the saga's state, and takes no second pooled connection
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), DbSchedulerDeadlineManager.binaryTask(
                        () -> context.getBean(DbSchedulerDeadlineManager.class)))
                .threads(4)
                .pollingInterval(Duration.ofMillis(500))
                // no JVM shutdown hook of its own: the context's orderly close stops it, before Axon and the pool
                .build();
    }

    /**
     * Stops deadlines before Axon: a deadline that fell due while the context closes would otherwise run after the
     * command bus lost its handlers, fail ("no handler"), and be retried only minutes after the next start.
     */
    @Bean
    SmartLifecycle deadlineSchedulerStop(Scheduler deadlineScheduler) {
        return new SmartLifecycle() {
            private final AtomicBoolean running = new AtomicBoolean();

            @Override
            public void start() {
                running.set(true); // the deadline manager starts the scheduler with Axon
            }

            @Override
            public void stop() {
                if (running.compareAndSet(true, false)) {
                    deadlineScheduler.stop();
                }
            }

            @Override
            public boolean isRunning() {
                return running.get();
            }

            /** Above Axon's phase (Integer.MAX_VALUE - 3072), so stopped before it. */
            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 2048;
            }
        };
    }

    @Bean
    DeadlineManager deadlineManager(Scheduler deadlineScheduler, org.axonframework.config.Configuration configuration,
                                    Serializer serializer, TransactionManager transactionManager, NodeRoles roles) {
        return DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new org.axonframework.config.ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                // deadlines are the saga's: a node without the saga role can schedule them but never runs one
                .startScheduler(roles.has(NodeRole.SAGA))
                .stopScheduler(false)
                .build();
    }

    /** Commands that lose a race with another node's are retried ({@link CommandRetries}). */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon().name("command-retry").factory());
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new CommandRetries(retries))
                .build();
    }

    /**
     * correlationId: the storefront request every message of an order descends from (webhooks carry the order's);
     * causationId: the message that directly caused this one; actor: who asked; webhookDeliveryId: the supplier
     * delivery a message descends from; traceId: a caller's trace, when one was given.
     */
    @Bean
    CorrelationDataProvider requestCorrelation() {
        return new SimpleCorrelationDataProvider("correlationId", "actor", "webhookDeliveryId", "traceId");
    }

    @Bean
    CorrelationDataProvider causation() {
        return message -> Map.of("causationId", message.getIdentifier());
    }

    /**
     * causationEventId: the stored event whose handling led to this message. An event's causationId names the
     * command that applied it, and commands are not stored; this links the event to the event before it in the
     * chain (through any nested commands and deadlines), so that the audit trail can be followed event to event.
     */
    @Bean
    CorrelationDataProvider eventCausation() {
        return message -> {
            if (message instanceof EventMessage<?> && !(message instanceof DeadlineMessage<?>)) {
                return Map.of(CAUSATION_EVENT_ID, message.getIdentifier());
            }
            Object inherited = message.getMetaData().get(CAUSATION_EVENT_ID);
            return inherited == null ? Map.of() : Map.of(CAUSATION_EVENT_ID, inherited);
        };
    }

    /**
     * A segment that handles none of the events it is given stores its position this often (Axon's default: every
     * 5 s). The token table is where lag is read (the {@code orderflow_processor_lag} gauge, the benchmark) and where a
     * replay sees that it is done, so a processor that handles few events looked up to 5 s behind, and every replay
     * took up to 5 s longer than its work. It is also how often an idle segment extends its claim, well within the
     * token store's 10 s claim timeout.
     */
    static final Duration IDLE_POSITION_INTERVAL = Duration.ofSeconds(1);

    /**
     * The pooled processors' settings beyond application.yml: each holds at most its fair share of segments (Axon's
     * coordinator asks at every round, releasing segments above it and claiming up to it), an idle segment stores
     * its position every {@link #IDLE_POSITION_INTERVAL}, and each reads the event store without the event types it
     * has no handler for ({@link SkippingEventSource}). The processors named in
     * {@code orderflow.processors.woken-on-append} (none by default) are called back as soon as events they use are
     * appended ({@link HeadWatcher}, one thread for all of them); the others look every 500 ms when they have none.
     * (Axon keeps one such default: all live here.)
     */
    @Bean
    ConfigurerModule pooledProcessors(ClusterNodes nodes,
                                      @Value("${orderflow.processors.woken-on-append:}")
                                      List<String> wokenOnAppend) {
        var head = new HeadWatcher();
        return configurer -> {
            configurer.onShutdown(head::close);
            configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                    (config, builder) -> builder.maxSegmentProvider(nodes::fairShare)
                            .claimExtensionThreshold(IDLE_POSITION_INTERVAL.toMillis())
                            .messageSource(new SkippingEventSource(config.eventStore(), null)));
            for (String processor : wokenOnAppend.stream().filter(name -> !name.isBlank()).toList()) {
                configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(processor,
                        (config, builder) -> builder.messageSource(new SkippingEventSource(config.eventStore(), head)));
            }
        };
    }

    /**
     * A saga's failure must roll the event back and be retried, not logged away. Axon 4 has no dead-letter queue for
     * sagas; an event that keeps failing is parked by infra.deadletter.SagaDeadLetters instead.
     */
    @Bean
    ConfigurerModule sagaErrorHandling() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(OrderFulfillment.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
        // supplier-dispatch has a dead-letter queue (application.yml): a submission that cannot be processed parks its
        // order's sequence, never logged and skipped, and is retried through the admin API
    }
}
