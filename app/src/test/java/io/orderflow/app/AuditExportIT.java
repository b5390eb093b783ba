package io.orderflow.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.axonframework.config.Configuration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NDJSON export (issue 6, acceptance 5): 100,000 events stream out with flat memory, and an export resumed
 * from a position continues exactly where the first left off. The events are written straight into the event
 * store, as a newer version of the system might have (a payload type this code does not know), which also shows
 * that the export never needs the Java types.
 */
class AuditExportIT extends AppIntegrationTestBase {

    static final long MIB = 1024 * 1024;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Configuration axon;

    @Test
    void oneHundredThousandEventsStreamWithFlatMemoryAndAResumedExportHasNoGapsAndNoRepeats() throws Exception {
        var load = AuditLoad.ensure(jdbc, axon);
        export(load.before(), 2_000, (count, line) -> {
        });

        long heapBefore = usedHeapAfterGc();
        long[] heapDuring = new long[3];
        long started = System.nanoTime();
        var export = export(load.before(), null, (count, line) -> {
            if (count == 25_000 || count == 50_000 || count == 75_000) {
                heapDuring[count / 25_000 - 1] = usedHeapAfterGc();
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        long heapAfter = usedHeapAfterGc();

        // everything the retailer has between the position and the settled position, once each, in order
        List<Long> expected = jdbc.queryForList("""
                        SELECT globalindex FROM domainevententry WHERE globalindex > ? AND globalindex <= ?
                        AND convert_from(payload, 'UTF8')::jsonb #>> '{retailerId,value}' = 'demo-retailer'
                        ORDER BY globalindex""", Long.class, load.before(), export.settled());
        assertThat(export.indexes()).containsExactlyElementsOf(expected);
        assertThat(export.count()).isGreaterThanOrEqualTo(AuditLoad.EVENTS);
        long peak = Arrays.stream(heapDuring).max().orElseThrow();
        System.out.printf("export of %,d events (%,d MiB of NDJSON) in %.1f s = %,.0f events/s;"
                        + " heap after GC before %,d MiB, during (at 25/50/75%%) %,d/%,d/%,d MiB, after %,d MiB%n",
                export.count(), export.bytes() / MIB, seconds, export.count() / seconds,
                heapBefore / MIB, heapDuring[0] / MIB, heapDuring[1] / MIB, heapDuring[2] / MIB, heapAfter / MIB);
        assertThat(export.bytes()).isGreaterThan(60 * MIB);
        // flat: what the export holds at any moment is a page or two, nowhere near the 60+ MiB streamed
        assertThat(peak - heapBefore).isLessThan(16 * MIB);

        // resumed from any position: exactly the rest, no gap, no repeat
        long position = export.indexes().get(60_000);
        var page = export(position, 1_000, (count, line) -> {
        });
        assertThat(page.indexes()).containsExactlyElementsOf(export.indexes().subList(60_001, 61_001));
        var rest = export(page.indexes().getLast(), null, (count, line) -> {
        });
        assertThat(rest.indexes().getFirst()).isEqualTo(export.indexes().get(61_001));
        assertThat(rest.indexes().subList(0, export.count() - 61_001))
                .containsExactlyElementsOf(export.indexes().subList(61_001, export.count()));
    }

    interface LineListener {
        void line(int count, String line);
    }

    record Export(LongList indexes, int count, long bytes, long settled) {
    }

    /** Reads the export line by line as it streams, keeping only each line's global index. */
    Export export(long after, Integer limit, LineListener listener) throws Exception {
        String uri = "http://localhost:" + environment.getRequiredProperty("local.server.port")
                + "/api/v1/audit/events?after=" + after + (limit == null ? "" : "&limit=" + limit);
        var request = HttpRequest.newBuilder(URI.create(uri)).header("X-Api-Key", AuditTrailIT.AUDITOR_KEY).GET().build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        long settled = Long.parseLong(response.headers().firstValue("X-Audit-Settled-Position").orElseThrow());
        var indexes = new LongList();
        long bytes = 0;
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                bytes += line.length() + 1;
                assertThat(line).startsWith("{\"globalIndex\":");
                int end = line.indexOf(',');
                indexes.add(Long.parseLong(line.substring("{\"globalIndex\":".length(), end)));
                listener.line(indexes.size(), line);
            }
        }
        return new Export(indexes, indexes.size(), bytes, settled);
    }

    static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Global indexes as primitives: 100,000 boxed Longs would blur the memory measurement. */
    static final class LongList extends java.util.AbstractList<Long> {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        public Long get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
