package io.orderflow.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's logging configuration (logback-spring.xml) as deployed: a database error that quotes a customer's
 * address, logged as a message and as an exception, leaves no personal data in the log line (issue 11).
 */
class LogScrubbingTest {

    @Test
    void relayedErrorsLoseTheirPersonalData() throws Exception {
        var original = System.out;
        var captured = new ByteArrayOutputStream();
        var context = new LoggerContext();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            var configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogScrubbingTest.class.getResource("/logback-spring.xml"));
            var log = context.getLogger("io.orderflow.test");
            var failure = new IllegalStateException("sandbox database call failed: ERROR: value too long\n"
                    + "  Detail: Failing row contains (7, PO-7, Ana Example, Hauptstraße 1, Berlin).",
                    new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n"
                            + "  Where: unnamed portal parameter $4 = 'Hauptstraße 1'"));

            log.warn("Stock report failed: {}", failure.toString());
            log.error("supplier sandbox could not advance order PO-7", failure);
        } finally {
            System.setOut(original);
            context.stop();
        }

        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Stock report failed", "could not advance order PO-7", "IllegalStateException",
                "SQLException", "invalid byte sequence", "at io.orderflow.app.LogScrubbingTest");
        assertThat(text).doesNotContain("Ana Example", "Hauptstraße", "Berlin");
    }
}
