package io.orderflow.command.stock;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.stock.StockPositionId;
import io.orderflow.coreapi.stock.StockReleasedEvent;
import io.orderflow.coreapi.stock.StockReservedEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A supplier's stock of one SKU at one location, as the supplier reports it, less what we promised.
 * Reservation here is the only thing that prevents overselling: commands on one position are
 * serialised by the aggregate lock and, across nodes, by the event store's sequence uniqueness.
 */
@Aggregate
public class StockPosition {

    @AggregateIdentifier
    private StockPositionId positionId;
    private RetailerId retailerId;
    private int reported;
    private Instant reportedAsOf;
    private int safetyStock;
    private final Map<String, Integer> reservations = new HashMap<>();

    protected StockPosition() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReportStockLevelCommand command) {
        if (command.available() < 0) {
            throw new IllegalArgumentException("available stock cannot be negative");
        }
        if (reportedAsOf != null && !command.asOf().isAfter(reportedAsOf)) {
            return;
        }
        apply(new StockLevelReportedEvent(command.positionId(), command.retailerId(), command.supplierId(),
                command.locationId(), command.supplierSku(), command.available(), command.asOf()));
    }

    @CommandHandler
    public ReservationOutcome handle(ReserveStockCommand command) {
        if (command.quantity() <= 0) {
            throw new IllegalArgumentException("a reservation needs a positive quantity");
        }
        var key = key(command.orderId().value(), command.lineId());
        if (reservations.containsKey(key)) {
            return ReservationOutcome.ALREADY_RESERVED;
        }
        if (availableToPromise() < command.quantity()) {
            return ReservationOutcome.INSUFFICIENT;
        }
        apply(new StockReservedEvent(positionId, retailerId, command.orderId(), command.lineId(), command.quantity()));
        return ReservationOutcome.RESERVED;
    }

    @CommandHandler
    public void handle(ReleaseStockCommand command) {
        var quantity = reservations.get(key(command.orderId().value(), command.lineId()));
        if (quantity != null) {
            apply(new StockReleasedEvent(positionId, retailerId, command.orderId(), command.lineId(), quantity));
        }
    }

    int availableToPromise() {
        int reserved = reservations.values().stream().mapToInt(Integer::intValue).sum();
        return reported - reserved - safetyStock;
    }

    private static String key(String orderId, String lineId) {
        return orderId + "/" + lineId;
    }

    @EventSourcingHandler
    void on(StockLevelReportedEvent event) {
        positionId = event.positionId();
        retailerId = event.retailerId();
        reported = event.available();
        reportedAsOf = event.asOf();
    }

    @EventSourcingHandler
    void on(StockReservedEvent event) {
        reservations.put(key(event.orderId().value(), event.lineId()), event.quantity());
    }

    @EventSourcingHandler
    void on(StockReleasedEvent event) {
        reservations.remove(key(event.orderId().value(), event.lineId()));
    }
}
