package io.orderflow.infra.notification;

import io.orderflow.infra.cluster.ConditionalOnRole;
import io.orderflow.infra.cluster.NodeRole;
import io.orderflow.infra.events.OrderIntegrationEvents;
import io.orderflow.infra.kafka.BlockingRecordConsumer;
import io.orderflow.infra.kafka.ParkedKafkaRecords;
import io.orderflow.infra.kafka.ReactiveKafka;
import io.orderflow.infra.kafka.Topics;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends customers an e-mail at the moments they care about, reading the integration events like any downstream
 * consumer would (its own consumer group). Each notification goes out once: it is recorded under its key after
 * it was handed to the mail server, and a redelivered event finds the key and sends nothing. (A crash between the
 * two sends it again on redelivery: a second e-mail is the lesser harm than none.) The customer's address is read
 * from the order at send time, never carried in events, and never logged.
 */
@Component
@ConditionalOnRole(NodeRole.DISPATCH)
class CustomerNotifications extends BlockingRecordConsumer {

    static final String GROUP = "orderflow-customer-notifications";
    private static final Logger log = LoggerFactory.getLogger(CustomerNotifications.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Topics topics;
    private final CustomerContacts contacts;
    private final NotificationMailer mailer;
    private final JdbcTemplate jdbc;

    CustomerNotifications(ReactiveKafka kafka, ParkedKafkaRecords parking, Topics topics, CustomerContacts contacts,
                          NotificationMailer mailer, JdbcTemplate jdbc) {
        super(kafka, parking, Topics.ORDER_EVENTS, GROUP);
        this.topics = topics;
        this.contacts = contacts;
        this.mailer = mailer;
        this.jdbc = jdbc;
    }

    @Override
    protected void prepare() {
        topics.ensureCreated();
    }

    /** Sends the customer the e-mail this integration event calls for, once. */
    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        var type = ReactiveKafka.header(record, "ce_type");
        var eventId = ReactiveKafka.header(record, "ce_id");
        if (type == null || eventId == null || !type.startsWith(OrderIntegrationEvents.TYPE_PREFIX)) {
            return;
        }
        JsonNode data;
        try {
            data = JSON.readTree(record.value());
        } catch (JacksonException unreadable) {
            log.warn("integration event {} is not JSON; no notification", eventId);
            return;
        }
        Optional<Notification> notification = Notification.of(type, eventId, data);
        if (notification.isEmpty() || alreadySent(notification.get().key())) {
            return;
        }
        var n = notification.get();
        var contact = contacts.emailOf(n.orderId());
        if (contact.isEmpty() || contact.get().email() == null || contact.get().email().isBlank()) {
            log.info("no e-mail address or no e-mail consent for order {}; {} notification not sent", n.orderId(),
                    n.kind());
        } else {
            mailer.send(contact.get(), n);
            log.info("{} notification for order {} sent (event {})", n.kind(), n.orderId(), eventId);
        }
        jdbc.update("""
                INSERT INTO sent_notification (notification_key, order_id, kind, event_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (notification_key) DO NOTHING""", n.key(), n.orderId(), n.kind().name(), eventId);
    }

    @Override
    protected String retailerOf(ConsumerRecord<String, byte[]> record) {
        return ReactiveKafka.header(record, "ce_retailerid");
    }

    private boolean alreadySent(String key) {
        return !jdbc.queryForList("SELECT 1 FROM sent_notification WHERE notification_key = ?", key).isEmpty();
    }
}
