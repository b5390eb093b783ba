package io.orderflow.projection.inventory;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.CommitmentsSettledEvent;
import io.orderflow.coreapi.stock.CommittedStockReleasedEvent;
import io.orderflow.coreapi.stock.SafetyStockSetEvent;
import io.orderflow.coreapi.stock.StockCommittedEvent;
import io.orderflow.coreapi.stock.StockDeltaAppliedEvent;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.StockReleasedEvent;
import io.orderflow.coreapi.stock.StockReservedEvent;
import io.orderflow.coreapi.stock.StockSettledEvent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes stock_availability, one row per StockPosition. Runs in the processor's transaction, so a row and the
 * processor's token commit together; every write is conditional on the aggregate sequence it last applied, so a
 * redelivered or replayed event changes nothing. available is a generated column.
 */
@Component
@ProcessingGroup(StockAvailabilityProjection.GROUP)
class StockAvailabilityProjection {

    public static final String GROUP = "inventory";

    private final JdbcTemplate jdbc;

    StockAvailabilityProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(StockLevelReportedEvent e, @SequenceNumber long sequence) {
        upsert(e.positionId(), e.retailerId(), e.supplierId(), e.locationId(), e.supplierSku(), sequence,
                "reported, reported_at", "?, ?", "reported = excluded.reported, reported_at = excluded.reported_at",
                e.available(), utc(e.asOf()));
    }

    @EventHandler
    void on(StockDeltaAppliedEvent e, @SequenceNumber long sequence) {
        // deltas may arrive out of order among themselves: the view keeps the newest source time seen
        upsert(e.positionId(), e.retailerId(), e.supplierId(), e.locationId(), e.supplierSku(), sequence,
                "reported, reported_at", "?, ?",
                "reported = excluded.reported, reported_at = GREATEST(stock_availability.reported_at, excluded.reported_at)",
                e.level(), utc(e.asOf()));
    }

    @EventHandler
    void on(SafetyStockSetEvent e, @SequenceNumber long sequence) {
        upsert(e.positionId(), e.retailerId(), e.supplierId(), e.locationId(), e.supplierSku(), sequence,
                "safety_stock", "?", "safety_stock = excluded.safety_stock", e.safetyStock());
    }

    @EventHandler
    void on(StockReservedEvent e, @SequenceNumber long sequence) {
        change(e.positionId(), sequence, "reserved = reserved + ?", e.quantity());
    }

    @EventHandler
    void on(StockReleasedEvent e, @SequenceNumber long sequence) {
        change(e.positionId(), sequence, "reserved = reserved - ?", e.quantity());
    }

    @EventHandler
    void on(StockCommittedEvent e, @SequenceNumber long sequence) {
        change(e.positionId(), sequence, "reserved = reserved - ?, committed = committed + ?", e.quantity(),
                e.quantity());
    }

    @EventHandler
    void on(StockSettledEvent e, @SequenceNumber long sequence) {
        change(e.positionId(), sequence, "committed = committed - ?", e.quantity());
    }

    @EventHandler
    void on(CommitmentsSettledEvent e, @SequenceNumber long sequence) {
        change(e.positionId(), sequence, "committed = committed - ?", e.quantity());
    }

    @EventHandler
    void on(CommittedStockReleasedEvent e, @SequenceNumber long sequence) {
        change(e.positionId(), sequence, "committed = committed - ?", e.quantity());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM stock_availability");
    }

    /** For the events that may be a position's first: insert the row, or update it if this event is newer. */
    private void upsert(StockPositionId position, RetailerId retailer, SupplierId supplier, String locationId,
                        String supplierSku, long sequence, String columns, String placeholders, String updates,
                        Object... values) {
        var args = new Object[6 + values.length];
        args[0] = position.value();
        args[1] = retailer.value();
        args[2] = supplier.value();
        args[3] = locationId;
        args[4] = supplierSku;
        args[5] = sequence;
        System.arraycopy(values, 0, args, 6, values.length);
        jdbc.update("""
                INSERT INTO stock_availability (position_id, retailer_id, supplier_id, location_id, supplier_sku,
                    last_sequence, %s)
                VALUES (?, ?, ?, ?, ?, ?, %s)
                ON CONFLICT (position_id) DO UPDATE SET %s, last_sequence = excluded.last_sequence
                WHERE stock_availability.last_sequence < excluded.last_sequence"""
                .formatted(columns, placeholders, updates), args);
    }

    private void change(StockPositionId position, long sequence, String assignments, Object... values) {
        var args = new Object[values.length + 3];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = sequence;
        args[values.length + 1] = position.value();
        args[values.length + 2] = sequence;
        int changed = jdbc.update("UPDATE stock_availability SET " + assignments + ", last_sequence = ? "
                + "WHERE position_id = ? AND last_sequence < ?", args);
        if (changed == 0 && jdbc.queryForList("SELECT 1 FROM stock_availability WHERE position_id = ?",
                position.value()).isEmpty()) {
            throw new IllegalStateException("stock position " + position + " is missing: its first event was never applied");
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
