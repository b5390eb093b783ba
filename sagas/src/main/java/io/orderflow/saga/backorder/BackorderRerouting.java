package io.orderflow.saga.backorder;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.query.BackorderedOrders;
import io.orderflow.coreapi.query.FindBackorderedOrdersQuery;
import io.orderflow.coreapi.query.FindStockAvailabilityQuery;
import io.orderflow.coreapi.query.StockAvailabilityView;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.StockDeltaAppliedEvent;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.stock.StockPositionId;

import java.time.Duration;
import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * When a supplier reports stock for a SKU, the orders waiting for it are routed again, oldest first. Routing
 * decides whether the stock is really there (reservation), so a stale hope costs one routing attempt, no more.
 */
@Component
@ProcessingGroup(BackorderRerouting.GROUP)
public class BackorderRerouting {

    public static final String GROUP = "backorder-rerouting";
    static final int BATCH = 50;
    private static final Duration VIEW_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(50);

    private final CommandGateway commands;
    private final QueryGateway queries;

    public BackorderRerouting(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @EventHandler
    void on(StockLevelReportedEvent event, @SequenceNumber long sequence, @Timestamp Instant at)
            throws InterruptedException {
        if (event.available() > 0) {
            reroute(event.positionId(), event.retailerId(), event.supplierId(), event.supplierSku(), sequence, at);
        }
    }

    @EventHandler
    void on(StockDeltaAppliedEvent event, @SequenceNumber long sequence, @Timestamp Instant at)
            throws InterruptedException {
        if (event.delta() > 0) {
            reroute(event.positionId(), event.retailerId(), event.supplierId(), event.supplierSku(), sequence, at);
        }
    }

    private void reroute(StockPositionId position, RetailerId retailer, SupplierId supplier, String supplierSku,
                         long sequence, Instant at) throws InterruptedException {
        if (!stockViewShowsAvailability(position, sequence)) {
            return;
        }
        BackorderedOrders waiting = queries.query(new FindBackorderedOrdersQuery(retailer, supplier, supplierSku, BATCH),
                ResponseTypes.instanceOf(BackorderedOrders.class)).join();
        for (String orderId : waiting.orderIds()) {
            commands.sendAndWait(new RouteOrderCommand(new OrderId(orderId), retailer, at));
        }
    }

    /**
     * Routing plans from the stock read model, another processor that may not have seen this report yet:
     * wait (briefly) until it has, and skip the re-route when nothing is available to promise after all.
     */
    private boolean stockViewShowsAvailability(StockPositionId position, long sequence) throws InterruptedException {
        var deadline = System.nanoTime() + VIEW_WAIT.toNanos();
        while (true) {
            var view = queries.query(new FindStockAvailabilityQuery(position),
                    ResponseTypes.optionalInstanceOf(StockAvailabilityView.class)).join();
            if (view.isPresent() && view.get().lastSequence() >= sequence) {
                return view.get().available() > 0;
            }
            if (System.nanoTime() > deadline) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
