package io.orderflow.infra.notification;

import io.orderflow.infra.failure.Failures;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Hands a notification to the SMTP server Spring's mail support is configured for ({@code spring.mail.host}, ...).
 * Without one (the embedded default) the mail goes to the log instead: kind and order only, never the address.
 */
@Component
class NotificationMailer {

    private static final Logger log = LoggerFactory.getLogger(NotificationMailer.class);

    private final ObjectProvider<JavaMailSender> smtp;
    private final String from;

    NotificationMailer(ObjectProvider<JavaMailSender> smtp,
                       @Value("${orderflow.notifications.from:orders@orderflow.local}") String from) {
        this.smtp = smtp;
        this.from = from;
    }

    /**
     * Blocking; a failure is thrown, so that nothing is recorded as sent. The mail server unreachable is transient:
     * the event is retried until it is back. Anything else (the server refusing this message) counts toward
     * parking the event's record.
     */
    void send(CustomerContacts.Contact to, Notification notification) {
        var sender = smtp.getIfAvailable();
        if (sender == null) {
            log.info("no mail server configured; {} e-mail for order {} written to the log only", notification.kind(),
                    notification.orderId());
            return;
        }
        var message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to.email());
        message.setSubject(notification.subject() + " (order " + to.externalOrderId() + ")");
        var greeting = to.name() == null || to.name().isBlank() ? "Hello," : "Hello " + to.name() + ",";
        message.setText(greeting + "\n\n" + notification.text() + "\n");
        try {
            sender.send(message);
        } catch (MailException failed) {
            for (Throwable t = failed; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof IOException) {
                    throw new Failures.TransientFailure("mail server unreachable", failed);
                }
            }
            throw failed;
        }
    }
}
