package io.orderflow.infra.connector.shopify;

import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierClient;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.SupplierOrder;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Shopify stores through the GraphQL Admin API. Shopify has no idempotency key, so a create is always preceded by a
 * lookup of our allocation tag: a create that timed out after the shop made the order is found, not made twice. The
 * documents are {@link ShopifyDocuments}, the requests and the shop's rate limit {@link ShopifyTransport}, the shapes
 * of orders and answers {@link ShopifyMapping}.
 */
@Component
public class ShopifyClient implements SupplierClient {

    public static final String TYPE = "SHOPIFY";
    /** Our allocation tag on the shop's order: {@code alloc-<allocation id>}. */
    static final String TAG_PREFIX = "alloc-";
    /** The line item property carrying our order line id, so fulfillments name our lines. */
    static final String LINE_PROPERTY = "_orderflow_line";

    private static final Logger log = LoggerFactory.getLogger(ShopifyClient.class);
    // what each operation asks of the bucket before Shopify says what it really cost
    private static final double LOOKUP_COST = 5;
    private static final double MUTATION_COST = 10;
    private static final double READ_COST = 20;

    private final ShopifyTransport transport;
    private final Duration searchSettle;
    /** Allocations whose create may have reached the shop without us hearing back, since when (nanoTime). */
    private final Map<String, Long> uncertainCreates = new ConcurrentHashMap<>();

    @Autowired
    ShopifyClient(ShopifyTransport transport, @Value("${orderflow.shopify.search-settle:PT2S}") Duration searchSettle) {
        this.transport = transport;
        this.searchSettle = searchSettle;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean acceptsOnCreation() {
        return true;
    }

    /**
     * Shopify's order search is indexed a moment after the order is made, so the lookup after a create whose answer
     * was lost first lets {@code orderflow.shopify.search-settle} pass since that create (after a restart, far more
     * than that has passed anyway).
     */
    @Override
    public String submit(SupplierConnection shop, SupplierOrder order, String correlationId) {
        settleAfterUncertainCreate(order.allocationId());
        var existing = findByTag(shop, order.allocationId(), correlationId);
        if (existing.isPresent()) {
            uncertainCreates.remove(order.allocationId());
            log.info("allocation {} already has order {} at {}", order.allocationId(), existing.get(),
                    ShopifyMapping.shopOf(shop));
            return existing.get();
        }
        long now = System.nanoTime();
        uncertainCreates.values().removeIf(since -> now - since > Duration.ofHours(1).toNanos());
        uncertainCreates.put(order.allocationId(), now);
        JsonNode data;
        try {
            data = transport.call(shop, ShopifyDocuments.CREATE, Map.of("order", ShopifyMapping.orderInput(order),
                    "options", Map.of("sendReceipt", false, "sendFulfillmentReceipt", false)), MUTATION_COST,
                    correlationId);
        } catch (SupplierCallException answered) {
            if (!answered.isTransient()) {
                // the shop answered and refused: nothing was made
                uncertainCreates.remove(order.allocationId());
            }
            throw answered;
        }
        uncertainCreates.remove(order.allocationId());
        var result = data.path("orderCreate");
        ShopifyMapping.failOnUserErrors(shop, result.path("userErrors"), "orderCreate");
        var id = result.path("order").path("id").asString(null);
        if (id == null || id.isBlank()) {
            throw new SupplierCallException("shop " + ShopifyMapping.shopOf(shop) + " created no order for "
                    + order.allocationId(), false);
        }
        return id;
    }

    private void settleAfterUncertainCreate(String allocationId) {
        var since = uncertainCreates.get(allocationId);
        if (since == null) {
            return;
        }
        long wait = since + searchSettle.toNanos() - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before looking up allocation " + allocationId, e);
            }
        }
    }

    /** The shop's order carrying our allocation tag, if one exists (and was not cancelled). */
    Optional<String> findByTag(SupplierConnection shop, String allocationId, String correlationId) {
        var data = transport.call(shop, ShopifyDocuments.FIND_BY_TAG,
                Map.of("query", "tag:'" + ShopifyMapping.tag(allocationId) + "'"), LOOKUP_COST, correlationId);
        return ShopifyMapping.taggedOrder(data, allocationId);
    }

    @Override
    public CancelAnswer cancel(SupplierConnection shop, String allocationId, String supplierOrderRef,
                               String correlationId) {
        String orderId = supplierOrderRef != null ? supplierOrderRef
                : findByTag(shop, allocationId, correlationId).orElse(null);
        if (orderId == null) {
            return CancelAnswer.NOT_FOUND;
        }
        var variables = new LinkedHashMap<String, Object>();
        variables.put("orderId", orderId);
        variables.put("reason", "OTHER");
        variables.put("refund", false);
        variables.put("restock", true);
        variables.put("notifyCustomer", false);
        return ShopifyMapping.cancelAnswer(shop,
                transport.call(shop, ShopifyDocuments.CANCEL, variables, MUTATION_COST, correlationId)
                        .path("orderCancel"));
    }

    public record Fulfillment(String id, String status, String carrier, String trackingNumber, String trackingUrl,
                              List<String> events) {
    }

    /** The order's fulfillments, tracking and events, as the shop holds them (reconciliation and debugging). */
    public List<Fulfillment> fulfillments(SupplierConnection shop, String orderId, String correlationId) {
        return ShopifyMapping.fulfillments(transport.call(shop, ShopifyDocuments.FULFILLMENTS, Map.of("id", orderId),
                READ_COST, correlationId).path("order"));
    }

    /** One available quantity at one location of one variant, as {@code quantities(names: ["available"])} says. */
    public record InventoryLevel(String variantId, String sku, String inventoryItemId, String locationId,
                                 int available, String updatedAt) {
    }

    /** Every variant's available quantity per location, page by page. */
    List<InventoryLevel> inventoryLevels(SupplierConnection shop, String correlationId) {
        var levels = new ArrayList<InventoryLevel>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            var variables = new LinkedHashMap<String, Object>();
            variables.put("first", 100);
            variables.put("after", after);
            var variants = transport.call(shop, ShopifyDocuments.INVENTORY, variables, READ_COST, correlationId)
                    .path("productVariants");
            levels.addAll(ShopifyMapping.inventoryLevels(variants));
            var pageInfo = variants.path("pageInfo");
            if (!pageInfo.path("hasNextPage").asBoolean(false)) {
                break;
            }
            after = pageInfo.path("endCursor").asString(null);
        }
        return levels;
    }

    /** The SKU of one inventory item, if the shop has it. */
    Optional<String> inventoryItemSku(SupplierConnection shop, String inventoryItemId, String correlationId) {
        var item = transport.call(shop, ShopifyDocuments.INVENTORY_ITEM_SKU, Map.of("id", inventoryItemId),
                LOOKUP_COST, correlationId).path("inventoryItem");
        return Optional.ofNullable(item.path("sku").asString(null)).filter(sku -> !sku.isBlank());
    }

    /** An order as the shop charged it: its name, currency, shipping, tax and each line's SKU, quantity and price. */
    public record OrderTotals(String name, String processedAt, String currency, BigDecimal shipping, BigDecimal tax,
                              List<LineTotal> lines) {
    }

    public record LineTotal(String sku, int quantity, BigDecimal unitPrice) {
    }

    /** The shop's totals of one of its orders; empty if the shop does not have it. */
    public Optional<OrderTotals> orderTotals(SupplierConnection shop, String orderId, String correlationId) {
        return ShopifyMapping.orderTotals(transport.call(shop, ShopifyDocuments.ORDER_TOTALS, Map.of("id", orderId),
                READ_COST, correlationId).path("order"));
    }

    /** Our allocation id from the tag of a shop's order, if the order exists and carries one. */
    Optional<String> allocationOfOrder(SupplierConnection shop, String orderId, String correlationId) {
        return ShopifyMapping.allocationOfTags(transport.call(shop, ShopifyDocuments.ORDER_TAGS, Map.of("id", orderId),
                LOOKUP_COST, correlationId).path("order"));
    }
}
