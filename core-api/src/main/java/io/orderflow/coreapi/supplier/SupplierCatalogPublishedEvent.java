package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.util.List;

import org.axonframework.serialization.Revision;

/** A new, immutable catalog version; it replaces the previous one as a whole. */
@Revision("1")
public record SupplierCatalogPublishedEvent(SupplierId supplierId, RetailerId retailerId, int version,
                                            List<CatalogItem> items) {
}
