package io.orderflow.infra.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * The exception part of every log line (stack trace with the messages of every cause), with the messages scrubbed:
 * PostgreSQL, Jackson and suppliers quote the values they refused, and those can be a customer's name or street.
 * Replaces Boot's {@code %wEx}, so it keeps the blank line before the trace.
 */
public class ScrubbedThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        String text = PersonalDataScrubber.scrubError(super.throwableProxyToString(proxy));
        return CoreConstants.LINE_SEPARATOR + PersonalDataScrubber.dropDetailLines(text) + CoreConstants.LINE_SEPARATOR;
    }
}
