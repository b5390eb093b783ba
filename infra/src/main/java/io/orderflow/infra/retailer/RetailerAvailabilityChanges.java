package io.orderflow.infra.retailer;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.StockPositionEvent;
import io.orderflow.coreapi.supplier.SupplierCatalogPublishedEvent;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Notes which stock positions changed (and which catalogs were published), for {@link RetailerAvailabilityPush} to
 * push their retailer SKUs' availability, debounced: one row per position, however many reservations it takes.
 */
@Component
@ProcessingGroup(RetailerAvailabilityChanges.GROUP)
class RetailerAvailabilityChanges {

    static final String GROUP = "retailer-availability";
    static final String CATALOG = "catalog:";
    /** Every SKU of every catalog of the retailer: a store just connected gets them all. */
    static final String EVERY_CATALOG = "catalog:*";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    RetailerAvailabilityChanges(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Any event of a stock position (a report, a delta, a reservation, a release, a commitment...) may change it. */
    @EventHandler
    void on(StockPositionEvent e, @SequenceNumber long sequence) {
        changed(e.retailerId(), e.positionId(), sequence);
    }

    /** A SKU that enters or leaves a catalog changes its sum too. */
    @EventHandler
    void on(SupplierCatalogPublishedEvent e) {
        changed(e.retailerId(), new StockPositionId(CATALOG + e.supplierId().value()), 0);
    }

    private void changed(RetailerId retailer, StockPositionId position, long sequence) {
        jdbc.update("""
                INSERT INTO retailer_availability_pending (retailer_id, position_id, sequence, since)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (retailer_id, position_id) DO UPDATE
                SET sequence = GREATEST(retailer_availability_pending.sequence, excluded.sequence)""",
                retailer.value(), position.value(), sequence, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    }
}
