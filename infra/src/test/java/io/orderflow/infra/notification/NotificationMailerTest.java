package io.orderflow.infra.notification;

import io.orderflow.infra.failure.Failures;

import java.net.ConnectException;
import java.util.Map;

import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An unreachable mail server is retried (transient); a server refusing one message counts toward parking it. */
class NotificationMailerTest {

    static final CustomerContacts.Contact ANA = new CustomerContacts.Contact("Ana", "ana@example.org", "ext-1");
    static final Notification SHIPPED = new Notification(Notification.Kind.SHIPPED, "k", "order-1", "Shipped", "On its way.");

    @Test
    void anUnreachableMailServerIsTransient() {
        var mailer = mailerFailingWith(new MailSendException("Mail server connection failed",
                new MessagingException("could not connect", new ConnectException("Connection refused"))));
        assertThatThrownBy(() -> mailer.send(ANA, SHIPPED)).isInstanceOf(Failures.TransientFailure.class)
                .matches(Failures::isTransient);
    }

    @Test
    void aMessageTheServerRefusesIsNot() {
        var mailer = mailerFailingWith(new MailSendException("550 mailbox unavailable"));
        assertThatThrownBy(() -> mailer.send(ANA, SHIPPED)).isInstanceOf(MailSendException.class)
                .matches(failure -> !Failures.isTransient(failure));
    }

    static NotificationMailer mailerFailingWith(RuntimeException failure) {
        JavaMailSender sender = new JavaMailSenderImpl() {
            @Override
            public void send(SimpleMailMessage message) {
                throw failure;
            }
        };
        return new NotificationMailer(new StaticListableBeanFactory(Map.of("smtp", sender))
                .getBeanProvider(JavaMailSender.class), "orders@orderflow.local");
    }
}
