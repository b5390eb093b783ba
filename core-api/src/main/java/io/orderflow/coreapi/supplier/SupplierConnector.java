package io.orderflow.coreapi.supplier;

/** How orderflow reaches a supplier: PARTNER_REST (baseUrl) or SHOPIFY (shopDomain, apiVersion). No secrets. */
public record SupplierConnector(String type, String baseUrl, String shopDomain, String apiVersion) {
}
