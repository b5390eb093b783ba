package io.orderflow.infra.inventory;

import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.ApplyStockDeltaCommand;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.infra.inventory.StockSuppliers.StockSupplier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads stock levels and deltas from whatever a supplier sent (feed, webhook, inventory listing) into commands,
 * refusing what would harm a position: unknown locations, fractional or out-of-range quantities, text with control
 * characters, and source times outside {@link InputRules#isPlausibleAsOf} (a report stated tomorrow would hide every
 * true report until then).
 */
@Component
class StockMessages {

    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    private static final int MAX_ID_LENGTH = 100;
    private static final int MAX_MESSAGE_ID_LENGTH = 200;
    private static final int MAX_QUANTITY = 1_000_000_000;

    private final Clock clock;

    StockMessages(Clock clock) {
        this.clock = clock;
    }

    /** {supplierSku, locationId, available, asOf}; asOf falls back to fallbackAsOf when given. */
    Parsed<ReportStockLevelCommand> level(StockSupplier supplier, JsonNode level, Instant fallbackAsOf) {
        var sku = text(level, "supplierSku", MAX_ID_LENGTH);
        var location = text(level, "locationId", MAX_ID_LENGTH);
        var available = quantity(level, "available", 0);
        var asOf = level.has("asOf") || fallbackAsOf == null ? instant(level, "asOf") : fallbackAsOf;
        var problem = problem(supplier, sku, location, asOf);
        if (problem == null && available == null) {
            problem = "available must be a whole number from 0 to " + MAX_QUANTITY;
        }
        if (problem != null) {
            return Parsed.refused(problem);
        }
        var supplierId = new SupplierId(supplier.supplierId());
        return Parsed.of(new ReportStockLevelCommand(StockPositionId.of(supplierId, location, sku),
                new RetailerId(supplier.retailerId()), supplierId, location, sku, available, asOf));
    }

    /** {messageId, supplierSku, locationId, delta, asOf}. */
    Parsed<ApplyStockDeltaCommand> delta(StockSupplier supplier, JsonNode message) {
        var messageId = text(message, "messageId", MAX_MESSAGE_ID_LENGTH);
        var sku = text(message, "supplierSku", MAX_ID_LENGTH);
        var location = text(message, "locationId", MAX_ID_LENGTH);
        var delta = quantity(message, "delta", -MAX_QUANTITY);
        var asOf = instant(message, "asOf");
        var problem = messageId == null ? "messageId is required" : problem(supplier, sku, location, asOf);
        if (problem == null && delta == null) {
            problem = "delta must be a whole number within ±" + MAX_QUANTITY;
        }
        if (problem != null) {
            return Parsed.refused(problem);
        }
        var supplierId = new SupplierId(supplier.supplierId());
        return Parsed.of(new ApplyStockDeltaCommand(StockPositionId.of(supplierId, location, sku),
                new RetailerId(supplier.retailerId()), supplierId, location, sku, messageId, delta, asOf));
    }

    private String problem(StockSupplier supplier, String sku, String location, Instant asOf) {
        if (sku == null) {
            return "supplierSku is required: a string of at most " + MAX_ID_LENGTH + " characters, no control characters";
        }
        if (location == null) {
            return "locationId is required: a string of at most " + MAX_ID_LENGTH + " characters, no control characters";
        }
        if (!supplier.locationIds().contains(location)) {
            return "location " + location + " is not a location of supplier " + supplier.supplierId();
        }
        if (asOf == null) {
            return "asOf must be an ISO-8601 instant";
        }
        if (asOf.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            return "asOf " + asOf + " is in the future";
        }
        if (!InputRules.isPlausibleAsOf(asOf, clock.instant())) {
            return "asOf " + asOf + " is more than " + InputRules.AS_OF_MAX_AGE.toDays() + " days old";
        }
        return null;
    }

    static String text(JsonNode node, String field, int maxLength) {
        var value = node.get(field);
        if (value == null || !value.isString()) {
            return null;
        }
        var text = value.asString();
        // a NUL cannot be stored (PostgreSQL refuses it): such a field is as good as missing, and never logged
        return text.isBlank() || text.length() > maxLength || InputRules.hasControlCharacters(text) ? null : text;
    }

    private static Integer quantity(JsonNode node, String field, int min) {
        var value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            return null;
        }
        int quantity = value.asInt();
        return quantity < min || quantity > MAX_QUANTITY ? null : quantity;
    }

    private static Instant instant(JsonNode node, String field) {
        var text = text(node, field, 64);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
