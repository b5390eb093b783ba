package io.orderflow.sandbox.orders;

/**
  * The sandbox's Shopify global ids. Orders and fulfillments take the number of the sandbox order
  * ({@code PO-<supplier>-<n>} is {@code gid://shopify/Order/<n>}); variants and inventory items take a stable number
  * made of the SKU, so that a catalog can name a variant before the sandbox runs.
  */
public final class ShopifyIds {

    public static final String ORDER = "gid://shopify/Order/";
    public static final String FULFILLMENT = "gid://shopify/Fulfillment/";
    public static final String VARIANT = "gid://shopify/ProductVariant/";
    public static final String INVENTORY_ITEM = "gid://shopify/InventoryItem/";
    public static final String LOCATION = "gid://shopify/Location/";

    private ShopifyIds() {}

    public static long skuNumber(String supplierSku) {
        return 1_000_000L + Integer.toUnsignedLong(supplierSku.hashCode()) % 9_000_000_000L;
    }

    /** The variant id the sandbox gives a supplier SKU; catalogs of simulated Shopify suppliers use it. */
    public static String variantId(String supplierSku) {
        return VARIANT + skuNumber(supplierSku);
    }

    public static String inventoryItemId(String supplierSku) {
        return INVENTORY_ITEM + skuNumber(supplierSku);
    }

    public static long orderNumber(String sandboxOrderId) {
        return Long.parseLong(sandboxOrderId.substring(sandboxOrderId.lastIndexOf('-') + 1));
    }

    public static String sandboxOrderId(String supplierId, String orderGid) {
        if (orderGid == null || !orderGid.startsWith(ORDER)) {
            return null;
        }
        String number = orderGid.substring(ORDER.length());
        return number.chars().allMatch(Character::isDigit) && !number.isEmpty() ? "PO-" + supplierId + "-" + number : null;
    }
}
