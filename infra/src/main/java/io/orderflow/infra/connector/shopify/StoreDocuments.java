package io.orderflow.infra.connector.shopify;

/** The GraphQL Admin API documents written to a retailer's own store, one per operation. */
final class StoreDocuments {

    private StoreDocuments() {
    }

    static final String ORDER_STATE = """
            query StoreOrder($id: ID!) {
              order(id: $id) {
                id cancelledAt
                fulfillmentOrders(first: 20) { nodes { id status
                  lineItems(first: 100) { nodes { id remainingQuantity lineItem { id } } } } }
                fulfillments(first: 50) { id createdAt trackingInfo { company number url }
                  fulfillmentLineItems(first: 100) { nodes { quantity lineItem { id } } } }
              }
            }""";
    static final String FULFILLMENT_CREATE = """
            mutation CreateFulfillment($fulfillment: FulfillmentInput!) {
              fulfillmentCreate(fulfillment: $fulfillment) {
                fulfillment { id status }
                userErrors { field message }
              }
            }""";
    static final String TRACKING_UPDATE = """
            mutation UpdateTracking($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!,
                                    $notifyCustomer: Boolean) {
              fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput,
                                            notifyCustomer: $notifyCustomer) {
                fulfillment { id }
                userErrors { field message }
              }
            }""";
    static final String FULFILLMENT_EVENT = """
            mutation FulfillmentEvent($fulfillmentEvent: FulfillmentEventInput!) {
              fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
                fulfillmentEvent { id status }
                userErrors { field message }
              }
            }""";
    static final String REFUND_CREATE = """
            mutation RefundLines($input: RefundInput!) {
              refundCreate(input: $input) {
                refund { id }
                userErrors { field message }
              }
            }""";
    static final String VARIANT_BY_SKU = """
            query VariantBySku($query: String!) {
              productVariants(first: 5, query: $query) { nodes { id sku inventoryItem { id } } }
            }""";
    static final String SET_QUANTITIES = """
            mutation SetAvailable($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) {
                inventoryAdjustmentGroup { id }
                userErrors { field message code }
              }
            }""";
}
