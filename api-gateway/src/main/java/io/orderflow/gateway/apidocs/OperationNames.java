package io.orderflow.gateway.apidocs;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;

/**
 * Names for people: an operation id and summary where the handler's Java name says too little ("receive_1"), and a
 * tag per part of the API, taken from the path. An operation not listed keeps springdoc's id, a summary made of it,
 * and the tag of its path, so that new endpoints are documented without touching this table.
 */
final class OperationNames {

    record Name(String operationId, String summary) {
    }

    private static final Map<String, Name> NAMES = Map.ofEntries(
            name("POST /api/v1/orders", "placeOrder", "Place an order"),
            name("GET /api/v1/orders/{orderId}", "getOrder", "The order view: status, lines, shipments"),
            name("GET /api/v1/orders/{orderId}/timeline", "getOrderTimeline", "The order's history, oldest first"),
            name("GET /api/v1/orders/{orderId}/stream", "streamOrder", "The order view on every change (server-sent events)"),
            name("POST /api/v1/orders/{orderId}/cancellation", "cancelOrder", "Cancel the order or some of its lines"),
            name("GET /api/v1/orders/{orderId}/routing-decisions", "getRoutingDecisions",
                    "Why each allocation went where it went"),
            name("POST /api/v1/routing/preview", "previewRouting", "Route a hypothetical order, with no side effects"),
            name("GET /api/v1/inventory", "getInventory", "Availability per supplier and location"),
            name("GET /api/v1/inventory/drift", "getStockDrift", "Differences reconciliation found, newest first"),
            name("GET /api/v1/exceptions", "listExceptions", "Orders at risk or needing a person"),
            name("GET /api/v1/suppliers/{supplierId}", "getSupplier", "A supplier (secrets are never returned)"),
            name("PUT /api/v1/suppliers/{supplierId}", "putSupplier", "Register or update a supplier"),
            name("GET /api/v1/suppliers/{supplierId}/catalog", "getCatalog", "The supplier's catalog in force"),
            name("PUT /api/v1/suppliers/{supplierId}/catalog", "publishCatalog", "Publish a new catalog version"),
            name("POST /api/v1/suppliers/{supplierId}/stock", "reportStock", "Report stock levels by hand"),
            name("POST /api/v1/suppliers/{supplierId}/invoices", "uploadSupplierInvoice",
                    "Upload a supplier invoice (JSON or CSV) to be matched against what was agreed"),
            name("GET /api/v1/billing/discrepancies", "listBillingDiscrepancies",
                    "Differences between invoices and what was agreed, newest first"),
            name("GET /api/v1/billing/statements/{supplierId}", "getBillingStatement",
                    "A supplier's month: each order's expected, billed and difference, with totals (JSON or CSV)"),
            name("POST /api/v1/billing/discrepancies/{discrepancyId}/approval", "approveBillingDiscrepancy",
                    "Approve a discrepancy: pay as billed"),
            name("POST /api/v1/billing/discrepancies/{discrepancyId}/dispute", "disputeBillingDiscrepancy",
                    "Dispute a discrepancy with the supplier"),
            name("POST /api/v1/billing/discrepancies/{discrepancyId}/resolution", "resolveBillingDiscrepancy",
                    "Resolve a discrepancy"),
            name("GET /api/v1/retailer-store", "getRetailerStore", "The retailer's own Shopify store (no secrets)"),
            name("PUT /api/v1/retailer-store", "connectRetailerStore",
                    "Connect the retailer's own Shopify store (orders in; fulfillments and availability back)"),
            name("DELETE /api/v1/retailer-store", "disconnectRetailerStore",
                    "Disconnect the store: its secrets are forgotten and nothing more is written back to it"),
            name("GET /api/v1/routing-policy", "getRoutingPolicy", "The routing policy in force"),
            name("PUT /api/v1/routing-policy", "publishRoutingPolicy", "Publish a new routing policy version"),
            name("GET /api/v1/admin/dead-letters", "listDeadLetters", "Parked events and records, per group"),
            name("GET /api/v1/admin/dead-letters/{processingGroup}", "getDeadLettersBySequenceQuery",
                    "A parked sequence, named in the query"),
            name("GET /api/v1/admin/dead-letters/{processingGroup}/{sequenceId}", "getDeadLetters", "A parked sequence"),
            name("POST /api/v1/admin/dead-letters/{processingGroup}/retry", "retryDeadLettersBySequenceQuery",
                    "Retry a parked sequence, named in the query"),
            name("POST /api/v1/admin/dead-letters/{processingGroup}/{sequenceId}/retry", "retryDeadLetters",
                    "Retry a parked sequence"),
            name("GET /api/v1/admin/dead-letters/records/{id}", "getParkedRecord", "A parked Kafka record"),
            name("POST /api/v1/admin/dead-letters/records/{id}/retry", "retryParkedRecord", "Retry a parked Kafka record"),
            name("GET /api/v1/audit/orders/{orderId}/events", "getOrderEvents", "The order's full event history"),
            name("GET /api/v1/audit/orders/{orderId}/state", "getOrderStateAsOf", "The order view as of an instant"),
            name("GET /api/v1/audit/events", "exportEvents", "Every event in global order (NDJSON), resumable"),
            name("GET /api/v1/audit/integrity", "verifyIntegrity", "Verify that stored history matches its seals"),
            name("GET /api/v1/audit/read-models", "listReadModels", "The read models that can be rebuilt"),
            name("POST /api/v1/audit/replays", "startReplay", "Rebuild a read model from history"),
            name("GET /api/v1/audit/replays/{replayId}", "getReplay", "A rebuild's progress"),
            name("POST /api/v1/platform/retailers", "createRetailer", "Create a retailer"),
            name("GET /api/v1/platform/retailers", "listRetailers", "Every retailer"),
            name("GET /api/v1/platform/retailers/{retailerId}", "getRetailer", "A retailer"),
            name("POST /api/v1/platform/retailers/{retailerId}/keys", "issueApiKey",
                    "Issue an API key (the key is shown in this answer only)"),
            name("GET /api/v1/platform/retailers/{retailerId}/keys", "listApiKeys",
                    "The retailer's API keys in force: prefixes and scopes, never the keys"),
            name("POST /api/v1/platform/retailers/{retailerId}/keys/{keyId}/rotation", "rotateApiKey",
                    "A new secret for the key; the old one stops working at once (shown in this answer only)"),
            name("DELETE /api/v1/platform/retailers/{retailerId}/keys/{keyId}", "revokeApiKey",
                    "Revoke the key, at once on every node"),
            name("GET /api/v1/tracking/{token}", "getTracking", "The customer's tracking view (JSON)"),
            name("GET /api/v1/tracking/{token}/stream", "streamTracking", "The tracking view on every change"),
            name("GET /track/{token}", "getTrackingPage", "The customer's tracking page (HTML)"),
            name("GET /track/{token}/updates", "streamTrackingPage", "The tracking page's live updates"),
            name("GET /console", "getConsole", "The operations console (HTML; its API calls need an admin key)"),
            name("GET /console/{asset}", "getConsoleAsset", "The console's script and style sheet"),
            name("POST /webhooks/partner/{supplierId}", "receivePartnerWebhook", "A partner supplier's signed webhook"),
            name("POST /webhooks/shopify/{supplierId}", "receiveShopifyWebhook", "A Shopify shop's signed webhook"),
            name("POST /webhooks/shopify-store/{retailerId}", "receiveRetailerStoreWebhook",
                    "The retailer's own Shopify store's signed webhook (orders/create, orders/cancelled)"));

    /** The part of the API a path belongs to; the first prefix that matches. */
    private static final List<Map.Entry<String, String>> TAGS = List.of(
            Map.entry("/api/v1/orders", "Orders"),
            Map.entry("/api/v1/routing/", "Routing"),
            Map.entry("/api/v1/routing-policy", "Routing"),
            Map.entry("/api/v1/suppliers/{supplierId}/invoices", "Billing"),
            Map.entry("/api/v1/suppliers", "Suppliers"),
            Map.entry("/api/v1/billing/", "Billing"),
            Map.entry("/api/v1/retailer-store", "Suppliers"),
            Map.entry("/api/v1/inventory", "Inventory"),
            Map.entry("/api/v1/exceptions", "Exceptions"),
            Map.entry("/api/v1/admin/dead-letters", "Dead letters"),
            Map.entry("/api/v1/audit/", "Audit"),
            Map.entry("/api/v1/platform/", "Platform"),
            Map.entry("/api/v1/tracking/", "Tracking"),
            Map.entry("/track/", "Tracking"),
            Map.entry("/webhooks/", "Webhooks"),
            Map.entry("/console", "Console"));

    private OperationNames() {
    }

    static void name(String path, PathItem.HttpMethod method, Operation operation) {
        var known = NAMES.get(method + " " + path);
        if (known != null) {
            operation.setOperationId(known.operationId());
            operation.setSummary(known.summary());
        }
        TAGS.stream().filter(tag -> path.startsWith(tag.getKey())).findFirst()
                .ifPresent(tag -> operation.setTags(List.of(tag.getValue())));
    }

    private static Map.Entry<String, Name> name(String operation, String operationId, String summary) {
        return Map.entry(operation, new Name(operationId, summary));
    }
}
