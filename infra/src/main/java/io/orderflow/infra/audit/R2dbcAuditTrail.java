package io.orderflow.infra.audit;

import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.gateway.port.AuditTrail;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event store read for auditors, straight from Axon's domainevententry (R2DBC, non-blocking). The export reads
 * page by page (keyset on the global index), one page ahead of what the client has taken, so its memory stays flat
 * however long the history; and it never reads past the settled position, so resuming after the last global index
 * received misses nothing and repeats nothing.
 */
@Component
class R2dbcAuditTrail implements AuditTrail {

    static final int PAGE = 1_000;
    private static final HexFormat HEX = HexFormat.of();
    static final String ORDER_AGGREGATE = "Order";

    private final DatabaseClient db;
    private final IntegrityVerifier verifier;

    R2dbcAuditTrail(DatabaseClient db, IntegrityVerifier verifier) {
        this.db = db;
        this.verifier = verifier;
    }

    private record Row(StoredEvent event, String retailerId) {
    }

    /**
     * bytea comes as hex text: the driver would decode it in text format with a regular expression per value, ten
     * times slower than the rest of the export together.
     */
    static final String COLUMNS = """
            globalindex, eventidentifier, type, aggregateidentifier, sequencenumber, payloadtype, payloadrevision,
            "timestamp", encode(payload, 'hex') AS payload, encode(metadata, 'hex') AS metadata,
            (SELECT k.erased_at IS NOT NULL FROM personal_data_key k WHERE k.key_id = aggregateidentifier) AS erased""";

    /** The events that carry the customer's personal data, sealed under the key named by the order's id. */
    private static final Set<String> WITH_PERSONAL_DATA = Set.of(OrderPlacedEvent.class.getName(),
            SupplierOrderSubmissionRequestedEvent.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Flux<StoredEvent> orderHistory(String orderId, String retailerId) {
        return db.sql("SELECT " + COLUMNS
                        + " FROM domainevententry WHERE aggregateidentifier = :id ORDER BY sequencenumber")
                .bind("id", orderId)
                .map((row, meta) -> row(row))
                .all()
                .collectList()
                .flatMapMany(rows -> ownedOrder(rows, retailerId) ? Flux.fromIterable(rows).map(Row::event) : Flux.empty());
    }

    /** The order's first event says whose it is; only Order aggregates are orders. */
    private static boolean ownedOrder(List<Row> rows, String retailerId) {
        return !rows.isEmpty()
                && ORDER_AGGREGATE.equals(rows.getFirst().event().aggregateType())
                && retailerId.equals(rows.getFirst().retailerId());
    }

    @Override
    public Mono<Long> settledPosition() {
        return db.sql("SELECT settled_position FROM audit_chain_state WHERE id = 1")
                .map((row, meta) -> row.get(0, Long.class))
                .one()
                .defaultIfEmpty(0L);
    }

    @Override
    public Flux<StoredEvent> events(String retailerId, long after, long upTo, long limit) {
        var cursor = new AtomicLong(after);
        return Mono.defer(() -> page(cursor.get(), upTo)
                        .doOnNext(rows -> {
                            if (!rows.isEmpty()) {
                                cursor.set(rows.getLast().event().globalIndex());
                            }
                        }))
                .repeat()
                .takeWhile(rows -> !rows.isEmpty())
                .concatMapIterable(rows -> rows, 1)
                .filter(row -> retailerId.equals(row.retailerId()))
                .map(Row::event)
                .take(limit > 0 ? limit : Long.MAX_VALUE, true);
    }

    private Mono<List<Row>> page(long after, long upTo) {
        if (after >= upTo) {
            return Mono.just(List.of());
        }
        return db.sql("SELECT " + COLUMNS + """
                         FROM domainevententry WHERE globalindex > :after AND globalindex <= :upTo
                        ORDER BY globalindex LIMIT :page""")
                .bind("after", after)
                .bind("upTo", upTo)
                .bind("page", PAGE)
                .map((row, meta) -> row(row))
                .all()
                .collectList();
    }

    @Override
    public Mono<IntegrityReport> verifyIntegrity(String retailerId) {
        return Mono.fromCallable(() -> verifier.verify(retailerId)).subscribeOn(Schedulers.boundedElastic());
    }

    private static Row row(Readable row) {
        byte[] payload = bytes(row.get("payload", String.class));
        String payloadType = row.get("payloadtype", String.class);
        String revision = row.get("payloadrevision", String.class);
        String personalData = null;
        String payloadJson = text(payload);
        if (WITH_PERSONAL_DATA.contains(payloadType)) {
            boolean erased = Boolean.TRUE.equals(row.get("erased", Boolean.class));
            boolean clearText = "1".equals(revision);
            personalData = erased ? StoredEvent.ERASED : clearText ? StoredEvent.CLEAR : StoredEvent.SEALED;
            if (erased && clearText) {
                payloadJson = withoutClearText(payloadJson);
            }
        }
        var event = new StoredEvent(row.get("globalindex", Long.class), row.get("type", String.class),
                row.get("aggregateidentifier", String.class), row.get("sequencenumber", Long.class),
                row.get("eventidentifier", String.class), payloadType, revision, row.get("timestamp", String.class),
                text(bytes(row.get("metadata", String.class))), payloadJson, personalData);
        return new Row(event, PayloadRetailer.of(payload));
    }

    /** An erased order's event stored before sealing: its personal fields are shown as erased, never as stored. */
    static String withoutClearText(String payloadJson) {
        try {
            JsonNode tree = JSON.readTree(payloadJson);
            if (tree instanceof ObjectNode event) {
                for (String field : new String[] {"customer", "shipTo"}) {
                    if (event.has(field)) {
                        event.put(field, StoredEvent.ERASED);
                    }
                }
                return JSON.writeValueAsString(event);
            }
        } catch (JacksonException notJson) {
            // shown as nothing below
        }
        return "{\"personalData\":\"" + StoredEvent.ERASED + "\"}";
    }

    private static byte[] bytes(String hex) {
        return hex == null ? null : HEX.parseHex(hex);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
