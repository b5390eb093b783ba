package io.orderflow.app;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 100,000 events written straight into the event store, once per test JVM, for the tests that need history at
 * scale (export, replay, integrity). They are what a newer version of the system might have stored: a payload
 * type this code does not know, so every processor skips them, and the auditors' tools must cope without the
 * Java type. Payloads of about 500 bytes; a few transactions of 10,000 rows.
 */
final class AuditLoad {

    static final int EVENTS = 100_000;
    static final String PAYLOAD_TYPE = "io.orderflow.test.AuditLoadEvent";
    private static final int BATCH = 10_000;

    /** The load sits in global positions (before, last]; written in writeMillis, processed by all in catchUpMillis. */
    record Range(long before, long last, long writeMillis, long catchUpMillis) {
    }

    private static Range range;

    private AuditLoad() {
    }

    static synchronized Range ensure(JdbcTemplate jdbc, Configuration axon) {
        if (range != null) {
            return range;
        }
        long before = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
        String run = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        for (int from = 0; from < EVENTS; from += BATCH) {
            jdbc.update("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                                  payload, payloadrevision, payloadtype, "timestamp")
                    SELECT 'audit-load-' || ? || '-' || (g / 1000), g % 1000, 'AuditLoad', gen_random_uuid()::text,
                           convert_to('{"correlationId":"audit-load-' || ? || '","actor":"test"}', 'UTF8'),
                           convert_to('{"retailerId":{"value":"demo-retailer"},"n":' || g || ',"note":"'
                                      || repeat('x', 440) || '"}', 'UTF8'),
                           '1', ?, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                    FROM generate_series(?, ?) AS g""", run, run, PAYLOAD_TYPE, from, from + BATCH - 1);
        }
        long writeMillis = (System.nanoTime() - started) / 1_000_000;
        long last = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        long catchUp = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                jdbc.queryForObject("SELECT settled_position FROM audit_chain_state", Long.class) >= last
                        && processorsPast(axon, last));
        range = new Range(before, last, writeMillis, (System.nanoTime() - catchUp) / 1_000_000);
        System.out.printf("wrote %,d events into the event store in %,d ms; settled, and every processor past them,"
                + " %,d ms later%n", EVENTS, writeMillis, range.catchUpMillis());
        return range;
    }

    static boolean processorsPast(Configuration axon, long position) {
        return axon.eventProcessingConfiguration().eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                        .allMatch(s -> s.getCurrentPosition().orElse(0) >= position));
    }
}
