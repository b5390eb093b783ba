package io.orderflow.infra.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %m} of every log line, with relayed error texts scrubbed (see {@link PersonalDataScrubber}). */
public class ScrubbedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return PersonalDataScrubber.scrubMessage(super.convert(event));
    }
}
