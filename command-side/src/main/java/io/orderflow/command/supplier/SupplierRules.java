package io.orderflow.command.supplier;

import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.RegisterSupplierCommand;
import io.orderflow.coreapi.supplier.SupplierLocation;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

final class SupplierRules {

    static final Set<String> CONNECTORS = Set.of("PARTNER_REST", "SHOPIFY");

    private SupplierRules() {
    }

    static void requireValid(RegisterSupplierCommand c) {
        if (c.connector() == null || !CONNECTORS.contains(c.connector().type())) {
            throw new IllegalArgumentException("connector type must be one of " + CONNECTORS);
        }
        if ("PARTNER_REST".equals(c.connector().type()) && c.connector().baseUrl() == null) {
            throw new IllegalArgumentException("a PARTNER_REST supplier needs a baseUrl");
        }
        if ("SHOPIFY".equals(c.connector().type()) && c.connector().shopDomain() == null) {
            throw new IllegalArgumentException("a SHOPIFY supplier needs a shopDomain");
        }
        if (c.locations() == null || c.locations().isEmpty()) {
            throw new IllegalArgumentException("a supplier needs at least one location");
        }
        var ids = new HashSet<String>();
        for (SupplierLocation location : c.locations()) {
            if (!ids.add(location.locationId())) {
                throw new IllegalArgumentException("location " + location.locationId() + " appears twice");
            }
        }
        if (c.handlingDays() < 0 || c.dailyCapacity() < 0 || c.priority() < 1) {
            throw new IllegalArgumentException("handlingDays and dailyCapacity cannot be negative; priority starts at 1");
        }
        if (c.acceptanceSla() == null || c.acceptanceSla().isNegative() || c.acceptanceSla().isZero()) {
            throw new IllegalArgumentException("the acceptance SLA must be positive");
        }
    }

    static void requireValid(List<CatalogItem> items) {
        var skus = new HashSet<String>();
        for (CatalogItem item : items) {
            if (!skus.add(item.sku().value())) {
                throw new IllegalArgumentException("SKU " + item.sku() + " appears twice in the catalog");
            }
            if (item.unitsPerItem() < 1) {
                throw new IllegalArgumentException("unitsPerItem of " + item.sku() + " must be at least 1");
            }
            if (item.unitCost() == null || item.unitCost().amount().compareTo(BigDecimal.ZERO) < 0) {
                throw new IllegalArgumentException("unitCost of " + item.sku() + " cannot be negative");
            }
        }
    }
}
