package io.orderflow.gateway.port;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Port: a retailer's own Shopify store (orders come in from it; fulfillments, tracking and availability go back).
 * The access token and the webhook secrets are written only, sealed at rest, and never answered. Implemented in infra.
 */
public interface RetailerStores {

    /** cancelledLines: CANCEL or REFUND; customerNotifications: ORDERFLOW (the store stays silent) or SHOPIFY. */
    record StoreSettings(String shopDomain, String baseUrl, String apiVersion, String accessToken,
                         List<String> webhookSecrets, String locationId, String cancelledLines,
                         String customerNotifications) {
        @Override
        public String toString() {
            return "StoreSettings[" + shopDomain + ", secrets redacted]";
        }
    }

    record StoreView(String retailerId, String shopDomain, String baseUrl, String apiVersion, String locationId,
                     String cancelledLines, String customerNotifications, Instant connectedAt, Instant updatedAt) {
    }

    /**
     * Connects or updates the store. A null access token or null webhook secrets keep the stored ones; a first
     * connection without them fails with an IllegalArgumentException.
     */
    Mono<StoreView> connect(RetailerId retailerId, StoreSettings settings);

    Mono<StoreView> find(RetailerId retailerId);

    /** Forgets the store and its secrets; answers whether there was one. Its orders are no longer written back. */
    Mono<Boolean> disconnect(RetailerId retailerId);

    /** The store's current webhook secrets; none when the retailer has no store, so that it meets a 401. */
    Mono<List<String>> webhookSecretsOf(RetailerId retailerId);

    /** Notes that this order came from the store's order, so that its progress is written back there. */
    Mono<Void> linkOrder(RetailerId retailerId, String shopOrderId, OrderId orderId);
}
