package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * A difference between what a supplier billed and what we agreed to pay. expected and billed are amounts (null where
 * there is none: nothing billed, or nothing known); supplierOrderId and supplierSku name what it is about, where it is
 * about one.
 */
@Revision("1")
public record BillingDiscrepancyFoundEvent(String discrepancyId, SupplierId supplierId, RetailerId retailerId,
                                           String invoiceNumber,
                                           DiscrepancyType type, String supplierOrderId, String supplierSku,
                                           Money expected, Money billed, String detail, Instant foundAt) {
}
