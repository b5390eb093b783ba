package io.orderflow.command.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.stock.ApplyStockDeltaCommand;
import io.orderflow.coreapi.stock.CommitStockCommand;
import io.orderflow.coreapi.stock.CommitmentsSettledEvent;
import io.orderflow.coreapi.stock.CommittedStockReleasedEvent;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;
import io.orderflow.coreapi.stock.SafetyStockSetEvent;
import io.orderflow.coreapi.stock.SetSafetyStockCommand;
import io.orderflow.coreapi.stock.SettleStockCommand;
import io.orderflow.coreapi.stock.StockCommittedEvent;
import io.orderflow.coreapi.stock.StockDeltaAppliedEvent;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.StockReleasedEvent;
import io.orderflow.coreapi.stock.StockReservedEvent;
import io.orderflow.coreapi.stock.StockSettledEvent;
import io.orderflow.coreapi.stock.StockUpdateOutcome;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A supplier's stock of one SKU at one location, as the supplier reports it, less what we promised.
 * Reservation here is the only thing that prevents overselling: commands on one position are
 * serialised by the aggregate lock and, across nodes, by the event store's sequence uniqueness.
 *
 * <p>Source time orders what suppliers say. A level report is taken only if it is newer than anything applied
 * so far (level or delta). A delta is taken only if it is newer than the last level (which already includes
 * older changes) and its message id was not applied since that level; deltas commute, so their order among
 * themselves does not matter. A level report therefore also bounds the ids kept for deduplication.
 *
 * <p>What the position keeps does not grow with traffic. Reservations are kept per order line only while they wait
 * for the supplier's answer. Once accepted, a line's units are committed, summed per acceptance instant
 * ({@link Commitments}), until a level the supplier stated at or after that instant settles them: a hot position
 * taking hundreds of orders a second between two stock reports keeps a few hundred numbers, not a line each.
 * Revision 2: snapshots of revision 1 (which kept committed lines one by one) are not read; the position is rebuilt
 * from its events once.
 */
@Aggregate(snapshotTriggerDefinition = "stockPositionSnapshotTrigger", cache = "stockPositionCache")
@Revision("2")
public class StockPosition {

    /** Beyond this many deltas without a level report, the oldest ids are dropped and deltas as old are refused. */
    static final int MAX_PENDING_DELTAS = 1000;

    @AggregateIdentifier
    private StockPositionId positionId;
    private RetailerId retailerId;
    private int reported;
    private Instant levelAsOf;
    private Instant lastChangeAsOf;
    private int safetyStock;
    /** Per order line, the supplier units reserved and not yet accepted or released. */
    private final Map<String, Integer> reservations = new HashMap<>();
    private final Commitments commitments = new Commitments();
    private final Map<String, Instant> deltasSinceLevel = new HashMap<>();
    private Instant deltaFloor;

    protected StockPosition() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public StockUpdateOutcome handle(ReportStockLevelCommand command) {
        if (command.available() < 0) {
            throw new IllegalArgumentException("available stock cannot be negative");
        }
        if (command.asOf() == null) {
            throw new IllegalArgumentException("a stock level needs the time the supplier stated it");
        }
        if (lastChangeAsOf != null && !command.asOf().isAfter(lastChangeAsOf)) {
            return StockUpdateOutcome.STALE;
        }
        apply(new StockLevelReportedEvent(command.positionId(), command.retailerId(), command.supplierId(),
                command.locationId(), command.supplierSku(), command.available(), command.asOf()));
        // a level the supplier states at or after accepting a line includes that line
        settleUpTo(command.asOf());
        return StockUpdateOutcome.APPLIED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public StockUpdateOutcome handle(ApplyStockDeltaCommand command) {
        if (command.messageId() == null || command.messageId().isBlank()) {
            throw new IllegalArgumentException("a stock delta needs a message id");
        }
        if (command.asOf() == null) {
            throw new IllegalArgumentException("a stock delta needs the time the supplier stated it");
        }
        if (levelAsOf != null && !command.asOf().isAfter(levelAsOf)
                || deltaFloor != null && !command.asOf().isAfter(deltaFloor)) {
            return StockUpdateOutcome.STALE;
        }
        if (deltasSinceLevel.containsKey(command.messageId())) {
            return StockUpdateOutcome.DUPLICATE;
        }
        apply(new StockDeltaAppliedEvent(command.positionId(), command.retailerId(), command.supplierId(),
                command.locationId(), command.supplierSku(), command.messageId(), command.delta(),
                reported + command.delta(), command.asOf()));
        return StockUpdateOutcome.APPLIED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetSafetyStockCommand command) {
        if (command.safetyStock() < 0) {
            throw new IllegalArgumentException("safety stock cannot be negative");
        }
        if (positionId != null && command.safetyStock() == safetyStock) {
            return;
        }
        apply(new SafetyStockSetEvent(command.positionId(), command.retailerId(), command.supplierId(),
                command.locationId(), command.supplierSku(), command.safetyStock()));
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

    /**
     * A reserved line is released as it was reserved. An accepted line is named with its commitment; once a level
     * stated at or after its acceptance settled it, the supplier's own reports account for its return.
     */
    @CommandHandler
    public void handle(ReleaseStockCommand command) {
        var key = key(command.orderId().value(), command.lineId());
        var reserved = reservations.get(key);
        if (reserved != null) {
            apply(new StockReleasedEvent(positionId, retailerId, command.orderId(), command.lineId(), reserved));
            return;
        }
        var commitment = command.commitment();
        if (commitment == null || commitment.quantity() <= 0 || commitment.acceptedAt() == null
                || settled(commitment.acceptedAt())) {
            return;
        }
        apply(new CommittedStockReleasedEvent(positionId, retailerId, command.orderId(), command.lineId(),
                Math.min(commitment.quantity(), commitments.total()), commitment.acceptedAt()));
    }

    @CommandHandler
    public void handle(CommitStockCommand command) {
        if (command.acceptedAt() == null) {
            throw new IllegalArgumentException("a commitment needs the time the supplier accepted");
        }
        var key = key(command.orderId().value(), command.lineId());
        var quantity = reservations.get(key);
        if (quantity == null) {
            return;
        }
        apply(new StockCommittedEvent(positionId, retailerId, command.orderId(), command.lineId(), quantity,
                command.acceptedAt()));
        // the acceptance reached us after a level the supplier stated at or after it: that level already counts the
        // line, so the commitment is settled at once instead of being subtracted a second time
        if (settled(command.acceptedAt())) {
            settleUpTo(levelAsOf);
        }
    }

    @CommandHandler
    public void handle(SettleStockCommand command) {
        if (command.acceptedUpTo() == null) {
            throw new IllegalArgumentException("settling needs the instant up to which the supplier's level is complete");
        }
        settleUpTo(command.acceptedUpTo());
    }

    int availableToPromise() {
        int reserved = reservations.values().stream().mapToInt(Integer::intValue).sum();
        return reported - reserved - commitments.total() - safetyStock;
    }

    int commitmentBuckets() {
        return commitments.buckets();
    }

    int reservationsHeld() {
        return reservations.size();
    }

    /** Whether the last level the supplier stated already includes a line accepted at this instant. */
    private boolean settled(Instant acceptedAt) {
        return levelAsOf != null && !acceptedAt.isAfter(levelAsOf);
    }

    private void settleUpTo(Instant instant) {
        int quantity = commitments.acceptedUpTo(instant);
        if (quantity > 0) {
            apply(new CommitmentsSettledEvent(positionId, retailerId, instant, quantity));
        }
    }

    private static String key(String orderId, String lineId) {
        return orderId + "/" + lineId;
    }

    private void identify(StockPositionId id, RetailerId retailer) {
        positionId = id;
        retailerId = retailer;
    }

    @EventSourcingHandler
    void on(StockLevelReportedEvent event) {
        identify(event.positionId(), event.retailerId());
        reported = event.available();
        levelAsOf = event.asOf();
        lastChangeAsOf = event.asOf();
        deltasSinceLevel.clear();
        deltaFloor = null;
    }

    @EventSourcingHandler
    void on(StockDeltaAppliedEvent event) {
        identify(event.positionId(), event.retailerId());
        reported = event.level();
        if (lastChangeAsOf == null || event.asOf().isAfter(lastChangeAsOf)) {
            lastChangeAsOf = event.asOf();
        }
        deltasSinceLevel.put(event.messageId(), event.asOf());
        if (deltasSinceLevel.size() > MAX_PENDING_DELTAS) {
            var oldest = deltasSinceLevel.entrySet().stream()
                    .min(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .orElseThrow();
            deltasSinceLevel.remove(oldest.getKey());
            if (deltaFloor == null || oldest.getValue().isAfter(deltaFloor)) {
                deltaFloor = oldest.getValue();
            }
        }
    }

    @EventSourcingHandler
    void on(SafetyStockSetEvent event) {
        identify(event.positionId(), event.retailerId());
        safetyStock = event.safetyStock();
    }

    @EventSourcingHandler
    void on(StockReservedEvent event) {
        reservations.put(key(event.orderId().value(), event.lineId()), event.quantity());
    }

    @EventSourcingHandler
    void on(StockReleasedEvent event) {
        reservations.remove(key(event.orderId().value(), event.lineId()));
    }

    @EventSourcingHandler
    void on(StockCommittedEvent event) {
        reservations.remove(key(event.orderId().value(), event.lineId()));
        commitments.add(event.acceptedAt(), event.quantity());
    }

    @EventSourcingHandler
    void on(CommitmentsSettledEvent event) {
        commitments.settleUpTo(event.acceptedUpTo());
    }

    /** Histories written before commitments were settled by acceptance time settled one line per event. */
    @EventSourcingHandler
    void on(StockSettledEvent event) {
        commitments.remove(null, event.quantity());
    }

    @EventSourcingHandler
    void on(CommittedStockReleasedEvent event) {
        commitments.remove(event.acceptedAt(), event.quantity());
    }
}
