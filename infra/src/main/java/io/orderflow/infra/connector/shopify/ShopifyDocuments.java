package io.orderflow.infra.connector.shopify;

/** The GraphQL Admin API documents the connector sends, one per operation. */
final class ShopifyDocuments {

    private ShopifyDocuments() {
    }

    static final String FIND_BY_TAG = """
            query FindOrderByTag($query: String!) {
              orders(first: 2, query: $query) { edges { node { id name tags cancelledAt } } }
            }""";
    static final String CREATE = """
            mutation CreateOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
              orderCreate(order: $order, options: $options) {
                order { id name }
                userErrors { field message }
              }
            }""";
    static final String CANCEL = """
            mutation CancelOrder($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!,
                                 $notifyCustomer: Boolean) {
              orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock,
                          notifyCustomer: $notifyCustomer) {
                job { id }
                orderCancelUserErrors { field message code }
              }
            }""";
    static final String FULFILLMENTS = """
            query OrderFulfillments($id: ID!) {
              order(id: $id) {
                id cancelledAt displayFulfillmentStatus
                fulfillments(first: 20) {
                  id status createdAt
                  trackingInfo { company number url }
                  events(first: 20) { edges { node { status happenedAt } } }
                }
              }
            }""";
    static final String INVENTORY = """
            query InventoryLevels($first: Int!, $after: String) {
              productVariants(first: $first, after: $after) {
                edges { node { id sku inventoryItem { id inventoryLevels(first: 50) { edges { node {
                  location { id } quantities(names: ["available"]) { name quantity } updatedAt } } } } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";
    static final String INVENTORY_ITEM_SKU = """
            query InventoryItemSku($id: ID!) {
              inventoryItem(id: $id) { id sku }
            }""";
    /** What the shop charged for an order: the invoice of a Shopify supplier. */
    static final String ORDER_TOTALS = """
            query OrderTotals($id: ID!) {
              order(id: $id) {
                id name processedAt currencyCode
                totalShippingPriceSet { shopMoney { amount currencyCode } }
                totalTaxSet { shopMoney { amount currencyCode } }
                lineItems(first: 250) { edges { node {
                  sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } } } } }
              }
            }""";
    static final String ORDER_TAGS = """
            query OrderTags($id: ID!) {
              order(id: $id) { id tags }
            }""";
}
