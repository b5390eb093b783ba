package io.orderflow.infra.inventory;

import io.orderflow.coreapi.stock.ReportStockLevelCommand;

import java.time.Instant;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Partner webhooks of type {@value #TYPE}: {@code data: {supplierSku, locationId, available, asOf}} (asOf defaults
 * to the webhook's occurredAt) becomes a level report; a stale one is then ignored by the StockPosition.
 */
@Component
public class InventoryWebhooks {

    public static final String TYPE = "inventory.updated";

    private final StockSuppliers suppliers;
    private final StockMessages messages;

    InventoryWebhooks(StockSuppliers suppliers, StockMessages messages) {
        this.suppliers = suppliers;
        this.messages = messages;
    }

    public Parsed<ReportStockLevelCommand> levelReport(String supplierId, JsonNode data, Instant occurredAt) {
        return suppliers.find(supplierId)
                .map(supplier -> messages.level(supplier, data, occurredAt))
                .orElseGet(() -> Parsed.refused("unknown supplier " + supplierId));
    }
}
