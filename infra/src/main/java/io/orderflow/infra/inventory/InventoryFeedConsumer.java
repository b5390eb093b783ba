package io.orderflow.infra.inventory;

import io.orderflow.infra.cluster.ConditionalOnRole;
import io.orderflow.infra.cluster.NodeRole;
import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.stock.StockUpdateOutcome;
import io.orderflow.infra.kafka.BlockingRecordConsumer;
import io.orderflow.infra.kafka.ParkedKafkaRecords;
import io.orderflow.infra.kafka.ReactiveKafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stock feed on Kafka: {@code {messageId, supplierId, locationId, supplierSku, type: LEVEL|DELTA,
 * available|delta, asOf}}. A LEVEL reports the supplier's level, a DELTA changes it. Nothing is recorded here:
 * the StockPosition ignores a level older than what it holds and a delta it has already applied, so a message
 * delivered twice applies once. A message that cannot be read is logged and skipped, never retried: it must not
 * hold up its partition. Only failures of our own (database, broker) are retried.
 */
@Component
@ConditionalOnRole(NodeRole.DISPATCH)
class InventoryFeedConsumer extends BlockingRecordConsumer {

    static final String TOPIC = "orderflow.inventory-levels";
    static final String GROUP = "orderflow-inventory-feed";
    private static final Logger log = LoggerFactory.getLogger(InventoryFeedConsumer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveKafka kafka;
    private final StockSuppliers suppliers;
    private final StockMessages messages;
    private final CommandGateway commands;
    private final int partitions;

    InventoryFeedConsumer(ReactiveKafka kafka, ParkedKafkaRecords parking, StockSuppliers suppliers,
                          StockMessages messages, CommandGateway commands,
                          @Value("${orderflow.kafka.partitions:8}") int partitions) {
        super(kafka, parking, TOPIC, GROUP);
        this.kafka = kafka;
        this.suppliers = suppliers;
        this.messages = messages;
        this.commands = commands;
        this.partitions = partitions;
    }

    @Override
    protected void prepare() {
        kafka.ensureTopics(List.of(TOPIC), partitions);
    }

    /** Parked messages are shown to the admins of the retailer the message's supplier belongs to. */
    @Override
    protected String retailerOf(ConsumerRecord<String, byte[]> record) {
        var supplierId = StockMessages.text(JSON.readTree(record.value()), "supplierId", 100);
        return supplierId == null ? null : suppliers.find(supplierId).map(StockSuppliers.StockSupplier::retailerId)
                .orElse(null);
    }

    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        var where = record.topic() + "-" + record.partition() + "@" + record.offset();
        JsonNode message;
        try {
            message = JSON.readTree(record.value());
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("skipping stock feed message {}: not JSON", where);
            return;
        }
        if (message == null || !message.isObject()) {
            log.warn("skipping stock feed message {}: not a JSON object", where);
            return;
        }
        var supplierId = InputRules.supplierId(StockMessages.text(message, "supplierId", 100));
        var supplier = supplierId == null ? null : suppliers.find(supplierId).orElse(null);
        if (supplier == null) {
            log.warn("skipping stock feed message {}: unknown or missing supplierId", where);
            return;
        }
        var type = message.path("type").asString("");
        Parsed<?> parsed = switch (type) {
            case "LEVEL" -> messages.level(supplier, message, null);
            case "DELTA" -> messages.delta(supplier, message);
            default -> Parsed.refused("type must be LEVEL or DELTA");
        };
        if (!parsed.ok()) {
            log.warn("skipping stock feed message {} of supplier {}: {}", where, supplierId, parsed.problem());
            return;
        }
        var messageId = StockMessages.text(message, "messageId", 200);
        var correlationId = messageId == null ? "stock-feed:" + where : "stock-feed:" + messageId;
        try {
            StockUpdateOutcome outcome = commands.sendAndWait(GenericCommandMessage.asCommandMessage(parsed.command())
                    .andMetaData(Map.of("correlationId", correlationId, "actor", "supplier:" + supplierId)));
            if (outcome != StockUpdateOutcome.APPLIED) {
                log.debug("stock feed message {} of supplier {}: {}", where, supplierId, outcome);
            }
        } catch (IllegalArgumentException refused) {
            log.warn("skipping stock feed message {} of supplier {}: {}", where, supplierId, refused.getMessage());
        }
    }
}
