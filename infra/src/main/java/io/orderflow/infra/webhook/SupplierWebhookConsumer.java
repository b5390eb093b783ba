package io.orderflow.infra.webhook;

import io.orderflow.gateway.port.SupplierOwners;
import io.orderflow.infra.cluster.ConditionalOnRole;
import io.orderflow.infra.cluster.NodeRole;
import io.orderflow.coreapi.order.ChangeShipmentStatusCommand;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RecordRefusedSupplierReportCommand;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.infra.billing.SupplierInvoices;
import io.orderflow.infra.connector.WebhookTranslation;
import io.orderflow.infra.connector.partner.PartnerWebhookTranslator;
import io.orderflow.infra.connector.shopify.ShopifyWebhookTranslator;
import io.orderflow.infra.failure.Failures;
import io.orderflow.infra.inventory.InventoryWebhooks;
import io.orderflow.infra.kafka.BlockingRecordConsumer;
import io.orderflow.infra.kafka.ParkedKafkaRecords;
import io.orderflow.infra.kafka.ReactiveKafka;
import io.orderflow.infra.kafka.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns logged webhook deliveries of both connectors (partner REST and Shopify) into commands. A delivery is applied
 * once: its id is recorded after its command succeeded, and the commands themselves change nothing when repeated, so
 * a crash between the two is harmless.
 */
@Component
@ConditionalOnRole(NodeRole.DISPATCH)
class SupplierWebhookConsumer extends BlockingRecordConsumer {

    private static final Logger log = LoggerFactory.getLogger(SupplierWebhookConsumer.class);
    static final String GROUP = "orderflow-webhooks";

    private static final Duration OWNER_TIMEOUT = Duration.ofSeconds(10);

    private final Topics topics;
    private final PartnerWebhookTranslator partner;
    private final ShopifyWebhookTranslator shopify;
    private final InventoryWebhooks inventory;
    private final SupplierInvoices invoices;
    private final CommandGateway commands;
    private final OrderOrigins origins;
    private final JdbcTemplate jdbc;
    private final SupplierOwners owners;
    private final TransactionManager transactions;
    private final MeterRegistry meters;

    SupplierWebhookConsumer(ReactiveKafka kafka, ParkedKafkaRecords parking, Topics topics,
                            PartnerWebhookTranslator partner, ShopifyWebhookTranslator shopify,
                            InventoryWebhooks inventory, SupplierInvoices invoices, CommandGateway commands,
                            EventStore events,
                            JdbcTemplate jdbc, SupplierOwners owners, TransactionManager transactions,
                            ObjectProvider<MeterRegistry> meters) {
        super(kafka, parking, Topics.SUPPLIER_WEBHOOKS, GROUP);
        this.topics = topics;
        this.partner = partner;
        this.shopify = shopify;
        this.inventory = inventory;
        this.invoices = invoices;
        this.commands = commands;
        this.origins = new OrderOrigins(events);
        this.jdbc = jdbc;
        this.owners = owners;
        this.transactions = transactions;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    @Override
    protected void prepare() {
        topics.ensureCreated();
    }

    /**
     * One unit of work and transaction per delivery: the commands it asks for run nested in it, so their events and
     * the record of the delivery commit together, with one commit, or not at all (and a rollback also drops the
     * aggregates those commands changed from Axon's cache). A delivery the order refuses is shown on the order's
     * timeline (committed), is not counted as applied, and is then parked at once: retrying cannot help until
     * someone looks, and it must not block the deliveries behind it on this partition.
     */
    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        recordAge(record);
        var refusal = new String[1];
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(() -> refusal[0] = applyInTransaction(record));
        if (refusal[0] != null) {
            throw new Failures.Poison(refusal[0], null);
        }
    }

    /**
     * {@code orderflow.webhooks.age{connector}}: how long a delivery waited between its acceptance (the Kafka
     * record's time) and its handling here; a growing age means the consumer falls behind the suppliers.
     */
    private void recordAge(ConsumerRecord<String, byte[]> record) {
        var connector = ReactiveKafka.header(record, Topics.CONNECTOR_HEADER);
        Timer.builder("orderflow.webhooks.age")
                .description("Time from a webhook's acceptance to its handling")
                .tag("connector", connector == null ? "unknown" : connector)
                .serviceLevelObjectives(Stream.of(50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000)
                        .map(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new))
                .register(meters)
                .record(Math.max(0, System.currentTimeMillis() - record.timestamp()), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Null when applied (or nothing to apply); otherwise why the order refused it. */
    private String applyInTransaction(ConsumerRecord<String, byte[]> record) {
        var supplierId = ReactiveKafka.header(record, Topics.SUPPLIER_HEADER);
        var deliveryId = ReactiveKafka.header(record, Topics.DELIVERY_HEADER);
        if (supplierId == null || deliveryId == null) {
            log.warn("skipping webhook record {}-{}@{} without supplier or delivery id", record.topic(),
                    record.partition(), record.offset());
            return null;
        }
        if (alreadyApplied(supplierId, deliveryId)) {
            return null;
        }
        // one delivery may ask for several commands (a fulfillment with its tracking), applied in order
        var translations = "shopify".equals(ReactiveKafka.header(record, Topics.CONNECTOR_HEADER))
                ? shopify.translate(supplierId, ReactiveKafka.header(record, "topic"), record.value(), record.timestamp(),
                        ReactiveKafka.header(record, "correlationId"))
                : List.of(partner.translate(supplierId, record.value(), record.timestamp()));
        String refusal = null;
        for (var translation : translations) {
            var refused = switch (translation) {
                case WebhookTranslation.Commands forOrder ->
                        send(record, supplierId, deliveryId, Optional.of(forOrder.order()), forOrder.commands());
                case WebhookTranslation.StockLevel level -> {
                    var report = inventory.levelReport(supplierId, level.data(), level.occurredAt());
                    if (report.ok()) {
                        yield send(record, supplierId, deliveryId, Optional.empty(), List.of(report.command()));
                    }
                    log.info("webhook {} from {} not applied: {}", deliveryId, supplierId, report.problem());
                    yield null;
                }
                case WebhookTranslation.Invoice invoice -> {
                    var received = invoices.fromWebhook(supplierId, retailerOf(record), deliveryId, invoice.data(),
                            invoice.occurredAt());
                    if (received.command() != null) {
                        yield send(record, supplierId, deliveryId, Optional.empty(), List.of(received.command()));
                    }
                    log.warn("invoice webhook {} from {} not applied: {}", deliveryId, supplierId, received.problem());
                    yield null;
                }
                case WebhookTranslation.Skip skip -> {
                    log.info("webhook {} from {} not applied: {}", deliveryId, supplierId, skip.reason());
                    yield null;
                }
            };
            if (refused != null) {
                refusal = refused;
            }
        }
        if (refusal == null) {
            jdbc.update("INSERT INTO webhook_delivery (supplier_id, delivery_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    supplierId, deliveryId);
        }
        return refusal;
    }

    /** Sends the commands in order; null when all were applied, otherwise why the order refused one (then stops). */
    private String send(ConsumerRecord<String, byte[]> record, String supplierId, String deliveryId,
                        Optional<OrderId> order, List<Object> toSend) {
        var metaData = metaData(record, supplierId, deliveryId, order);
        for (var command : toSend) {
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            } catch (IllegalArgumentException refused) {
                // the order refused it (e.g. lines the supplier was not given): retrying cannot help, and must not
                // block the deliveries behind it on this partition; people must see it, on the order's timeline and
                // in the exceptions list
                log.warn("webhook {} from {} refused by the order: {}", deliveryId, supplierId, refused.getMessage());
                order.ifPresent(orderId -> commands.sendAndWait(GenericCommandMessage
                        .asCommandMessage(new RecordRefusedSupplierReportCommand(orderId, new SupplierId(supplierId),
                                report(command), reason(refused), deliveryId, Instant.ofEpochMilli(record.timestamp())))
                        .andMetaData(metaData)));
                return "webhook " + deliveryId + " from " + supplierId + " refused by the order: " + reason(refused);
            }
        }
        return null;
    }

    /** Parked deliveries are shown to the admins of the retailer the supplier belongs to. */
    @Override
    protected String retailerOf(ConsumerRecord<String, byte[]> record) {
        var supplierId = ReactiveKafka.header(record, Topics.SUPPLIER_HEADER);
        return supplierId == null ? null : owners.ownerOf(supplierId).block(OWNER_TIMEOUT);
    }

    /** What the supplier reported, in words for the timeline: "package F-1 (fulfillment)", "a delivery of package F-1". */
    static String report(Object command) {
        return switch (command) {
            case CreateFulfillmentCommand c -> "package " + c.fulfillmentId() + " with " + c.lines().stream()
                    .map(l -> "line " + l.lineId() + " ×" + l.quantity()).collect(Collectors.joining(", "));
            case TrackShipmentCommand c -> "tracking for package " + c.shipmentId();
            case ChangeShipmentStatusCommand c -> "status " + c.status() + " for package " + c.shipmentId();
            case DeliverShipmentCommand c -> "delivery of package " + c.shipmentId();
            default -> command.getClass().getSimpleName().replaceFirst("Command$", "");
        };
    }

    private static String reason(IllegalArgumentException refused) {
        var message = refused.getMessage() == null ? "refused by the order" : refused.getMessage();
        return message.length() <= 300 ? message : message.substring(0, 300);
    }

    private boolean alreadyApplied(String supplierId, String deliveryId) {
        return !jdbc.queryForList("SELECT 1 FROM webhook_delivery WHERE supplier_id = ? AND delivery_id = ?",
                supplierId, deliveryId).isEmpty();
    }

    /**
     * A supplier's webhook knows nothing of our correlation ids. A webhook about an order continues that order's
     * story, so its command carries the correlation id of the storefront request that placed the order (found in
     * the metadata of the order's first event); the webhook request's own id is kept as webhookCorrelationId.
     * Without an order (inventory), or before the order is found, the request's id, else one made of the delivery.
     */
    private Map<String, String> metaData(ConsumerRecord<String, byte[]> record, String supplierId, String deliveryId,
                                         Optional<OrderId> orderId) {
        var received = ReactiveKafka.header(record, "correlationId");
        var order = orderId.map(origins::of).orElse(Map.of());
        var metaData = new HashMap<String, String>(order);
        metaData.putIfAbsent("correlationId", received == null || received.isBlank() ? "webhook:" + deliveryId : received);
        metaData.put("actor", "supplier:" + supplierId);
        metaData.put("webhookDeliveryId", deliveryId);
        if (received != null && !received.isBlank()) {
            metaData.put("webhookCorrelationId", received);
        }
        return metaData;
    }
}
