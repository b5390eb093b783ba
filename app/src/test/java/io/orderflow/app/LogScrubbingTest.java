package io.orderflow.app;

import java.sql.SQLException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.util.StatusPrinter2;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's logging configuration (logback-spring.xml) as deployed: a database error that quotes a customer's
 * address, logged as a message and as an exception, leaves no personal data in the log line (issue 11).
 */
class LogScrubbingTest {

    @Test
    void relayedErrorsLoseTheirPersonalData() throws Exception {
        var context = new LoggerContext();
        // the pattern prints MDC values (trace and correlation ids); a context made by hand has no MDC of its own
        context.setMDCAdapter(new LogbackMDCAdapter());
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogScrubbingTest.class.getResource("/logback-spring.xml"));
        new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
        var layout = ((PatternLayoutEncoder) console.getEncoder()).getLayout();
        var failure = new IllegalStateException("sandbox database call failed: ERROR: value too long\n"
                + "  Detail: Failing row contains (7, PO-7, Ana Example, Hauptstraße 1, Berlin).",
                new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n"
                        + "  Where: unnamed portal parameter $4 = 'Hauptstraße 1'"));

        String text = layout.doLayout(new LoggingEvent(Logger.FQCN, root, Level.WARN, "Stock report failed: {}", null,
                new Object[] {failure.toString()}))
                + layout.doLayout(new LoggingEvent(Logger.FQCN, root, Level.ERROR,
                "supplier sandbox could not advance order PO-7", failure, null));
        context.stop();

        assertThat(text).contains("Stock report failed", "could not advance order PO-7", "IllegalStateException",
                "SQLException", "invalid byte sequence", "at io.orderflow.app.LogScrubbingTest");
        assertThat(text).doesNotContain("Ana Example", "Hauptstraße", "Berlin");
    }
}
