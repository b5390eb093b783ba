package io.orderflow.gateway.admin;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PUT /api/v1/retailer-store}: the retailer's own Shopify store. accessToken and webhookSecrets
 * are written only; left out on an update, the stored ones stay.
 */
record RetailerStoreRequest(
        @NotBlank @Size(max = 255) @Pattern(regexp = "[A-Za-z0-9.-]+", message = "must be a host name") String shopDomain,
        @Size(max = 2000) String baseUrl,
        @Pattern(regexp = "[0-9]{4}-[0-9]{2}|unstable", message = "must be a version such as 2025-10")
        String apiVersion,
        @Size(min = 1, max = 500) String accessToken,
        @Size(min = 1, max = 2) List<@NotBlank @Size(max = 500) String> webhookSecrets,
        @Size(max = 200) @Pattern(regexp = "gid://shopify/Location/[0-9]+",
                message = "must be a Shopify location id such as gid://shopify/Location/71234") String locationId,
        @Pattern(regexp = "CANCEL|REFUND", message = "must be CANCEL or REFUND") String cancelledLines,
        @Pattern(regexp = "ORDERFLOW|SHOPIFY", message = "must be ORDERFLOW or SHOPIFY") String customerNotifications) {

    @Override
    public String toString() {
        return "RetailerStoreRequest[" + shopDomain + ", secrets redacted]";
    }

    String cancelledLinesOrDefault() {
        return cancelledLines == null ? "CANCEL" : cancelledLines;
    }

    String customerNotificationsOrDefault() {
        return customerNotifications == null ? "ORDERFLOW" : customerNotifications;
    }
}
