package io.orderflow.gateway.webhook;

import io.orderflow.coreapi.order.Customer;
import io.orderflow.coreapi.order.NotificationConsent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.ShippingAddress;
import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * A retailer store's {@code orders/create} payload (Shopify's REST order), read into what a placed order needs. Its
 * line item ids become our line ids, so that fulfillments and cancellations name the store's lines; the shop's order
 * id makes the external order id ({@code shopify-<id>}), so the same shop order is always the same order. Personal
 * data: never log an instance.
 */
record ShopifyStoreOrder(String shopOrderId, String name, String currency, PersonalData personalData,
                         List<Line> lines, NotificationConsent consent, Instant createdAt) {

    static final String CHANNEL = "shopify";
    /** The SKU of a store line that has none: it matches no catalog, and the order is held saying why. */
    static final String NO_SKU = "(none)";
    static final int MAX_LINES = 250;

    record Line(String lineId, String sku, int quantity, BigDecimal unitPrice, String title) {
    }

    /** A payload that cannot become an order: the field and why, for a 400 problem. */
    static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    @Override
    public String toString() {
        return "ShopifyStoreOrder[" + shopOrderId + ", " + lines.size() + " lines]";
    }

    String externalOrderId() {
        return externalOrderId(shopOrderId);
    }

    static String externalOrderId(String shopOrderId) {
        return "shopify-" + shopOrderId;
    }

    static String shopOrderId(JsonNode order) {
        var id = order.get("id");
        if (id == null || !(id.isIntegralNumber() || id.isString()) || !id.asString().matches("[0-9]{1,20}")) {
            throw new Invalid("id", "must be the shop's numeric order id");
        }
        return id.asString();
    }

    static ShopifyStoreOrder of(JsonNode order) {
        String id = shopOrderId(order);
        String currency = text(order, "currency");
        if (currency == null || !InputRules.isCurrency(currency)) {
            throw new Invalid("currency", "must be an ISO 4217 currency code");
        }
        var items = order.path("line_items");
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_LINES) {
            throw new Invalid("line_items", "must hold 1 to " + MAX_LINES + " line items");
        }
        var lines = new ArrayList<Line>();
        for (int i = 0; i < items.size(); i++) {
            lines.add(line(items.get(i), "line_items[" + i + "]"));
        }
        if (lines.stream().map(Line::lineId).distinct().count() != lines.size()) {
            throw new Invalid("line_items", "line item ids must be unique");
        }
        JsonNode address = order.path("shipping_address");
        String addressField = "shipping_address";
        if (!address.isObject()) {
            address = order.path("billing_address");
            addressField = "billing_address";
        }
        if (!address.isObject()) {
            throw new Invalid("shipping_address", "an order to ship needs a shipping address");
        }
        var shipTo = shipTo(address, addressField);
        var customer = order.path("customer");
        String customerName = join(text(customer, "first_name"), text(customer, "last_name"));
        String email = first(text(order, "email"), text(order, "contact_email"), text(customer, "email"));
        String phone = first(text(order, "phone"), text(customer, "phone"), text(address, "phone"));
        var personal = new PersonalData(new Customer(clip(customerName == null ? shipTo.name() : customerName, 200),
                clip(email, 254), clip(phone, 40)), shipTo);
        Instant createdAt = instant(text(order, "created_at"));
        return new ShopifyStoreOrder(id, clip(text(order, "name"), 100), currency, personal, List.copyOf(lines),
                consent(order, customer, createdAt), createdAt);
    }

    /**
     * What the store says the customer agreed to: e-mail when the customer subscribed (or, on older payloads, the
     * order's buyer_accepts_marketing), SMS when subscribed to SMS; none when the store says nothing.
     */
    private static NotificationConsent consent(JsonNode order, JsonNode customer, Instant createdAt) {
        var email = customer.path("email_marketing_consent");
        var sms = customer.path("sms_marketing_consent");
        boolean saysEmail = email.isObject() || order.path("buyer_accepts_marketing").isBoolean();
        if (!saysEmail && !sms.isObject()) {
            return null;
        }
        boolean emailYes = email.isObject() ? "subscribed".equals(text(email, "state"))
                : order.path("buyer_accepts_marketing").asBoolean(false);
        boolean smsYes = sms.isObject() && "subscribed".equals(text(sms, "state"));
        Instant givenAt = first(instantOrNull(text(email, "consent_updated_at")), createdAt);
        return new NotificationConsent(emailYes, smsYes, givenAt, "shopify-checkout");
    }

    private static Line line(JsonNode item, String field) {
        var id = item.get("id");
        if (id == null || !(id.isIntegralNumber() || id.isString()) || !id.asString().matches("[0-9]{1,20}")) {
            throw new Invalid(field + ".id", "must be the line item's numeric id");
        }
        var quantity = item.get("quantity");
        if (quantity == null || !quantity.isIntegralNumber() || quantity.asInt() < 1 || quantity.asInt() > 10_000) {
            throw new Invalid(field + ".quantity", "must be a whole number from 1 to 10000");
        }
        BigDecimal price;
        try {
            var raw = item.path("price");
            price = raw.isNumber() ? raw.decimalValue() : new BigDecimal(raw.asString("0"));
        } catch (NumberFormatException e) {
            throw new Invalid(field + ".price", "must be a decimal amount");
        }
        if (price.signum() < 0 || price.precision() - price.scale() > 15) {
            throw new Invalid(field + ".price", "must be a decimal amount of at least 0");
        }
        String sku = text(item, "sku");
        if (sku != null && sku.length() > 100) {
            throw new Invalid(field + ".sku", "must be at most 100 characters");
        }
        if (sku != null && InputRules.looksLikeCardNumber(sku)) {
            throw new Invalid(field + ".sku", "must not hold a payment card number");
        }
        // the title only names the line in a hold's reason: one that looks like a card number is left out
        String title = clip(text(item, "title"), 100);
        return new Line(id.asString(), sku == null || sku.isBlank() ? null : sku.strip(), quantity.asInt(), price,
                title == null || InputRules.looksLikeCardNumber(title) ? null : title);
    }

    private static ShippingAddress shipTo(JsonNode address, String field) {
        String country = text(address, "country_code");
        if (country == null || !InputRules.isCountry(country)) {
            throw new Invalid(field + ".country_code", "must be an ISO 3166-1 alpha-2 country code");
        }
        String name = first(text(address, "name"), join(text(address, "first_name"), text(address, "last_name")));
        Double latitude = coordinate(address.path("latitude"), 90);
        Double longitude = coordinate(address.path("longitude"), 180);
        return new ShippingAddress(clip(name == null ? "" : name, 200), clip(text(address, "address1"), 200),
                clip(text(address, "address2"), 200), clip(text(address, "city"), 100),
                clip(text(address, "province_code"), 100), clip(text(address, "zip"), 20), country,
                latitude == null || longitude == null ? null : latitude, latitude == null || longitude == null ? null : longitude);
    }

    /**
     * Why the order must wait for a person, or null: lines without a SKU, and SKUs no catalog of the retailer maps.
     * Such lines are kept in the order (never dropped) and the order is held until someone decides.
     */
    String holdReason(Set<String> knownSkus) {
        var reasons = new ArrayList<String>();
        for (var line : lines) {
            if (line.sku() == null) {
                reasons.add("line " + line.lineId() + (line.title() == null ? "" : " (" + line.title() + ")")
                        + " has no SKU in the store");
            } else if (!knownSkus.contains(line.sku())) {
                reasons.add("line " + line.lineId() + ": SKU " + line.sku() + " is in no supplier's catalog");
            }
        }
        if (reasons.isEmpty()) {
            return null;
        }
        var reason = "from the Shopify store: " + String.join("; ", reasons);
        return reason.length() <= 1000 ? reason : reason.substring(0, 997) + "...";
    }

    List<String> skus() {
        return lines.stream().map(Line::sku).filter(sku -> sku != null).distinct().toList();
    }

    PlaceOrderCommand toCommand(OrderId orderId, RetailerId retailer, Instant placedAt, SealedPersonalData sealed,
                                Set<String> knownSkus) {
        var orderLines = lines.stream().map(line -> new OrderLine(line.lineId(),
                new Sku(line.sku() == null ? NO_SKU : line.sku()), line.quantity(),
                new Money(line.unitPrice(), currency))).toList();
        return new PlaceOrderCommand(orderId, retailer, externalOrderId(), currency, sealed,
                personalData.shipTo().destination(), orderLines, null, CHANNEL, placedAt, null, consent,
                holdReason(knownSkus));
    }

    private static Double coordinate(JsonNode value, double limit) {
        if (!value.isNumber()) {
            return null;
        }
        double degrees = value.asDouble();
        return Double.isFinite(degrees) && Math.abs(degrees) <= limit ? degrees : null;
    }

    private static Instant instant(String text) {
        return first(instantOrNull(text), null);
    }

    private static Instant instantOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue().strip() : null;
    }

    private static String join(String first, String last) {
        var joined = java.util.stream.Stream.of(first, last).filter(s -> s != null).collect(Collectors.joining(" "));
        return joined.isEmpty() ? null : joined;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
