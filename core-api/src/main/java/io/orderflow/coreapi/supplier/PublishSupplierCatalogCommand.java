package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PublishSupplierCatalogCommand(@TargetAggregateIdentifier SupplierId supplierId, RetailerId retailerId,
                                            List<CatalogItem> items) {
}
