package io.orderflow.coreapi.supplier;

import java.util.List;

/** The catalog version in force; version 0 with no items when none was published yet. */
public record SupplierCatalogView(String supplierId, int version, List<CatalogItem> items) {
}
