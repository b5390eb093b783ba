package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.axonframework.serialization.Revision;

/**
 * A difference between what a supplier billed and what we agreed to pay. expected and billed are amounts (null where
 * there is none: nothing billed, or nothing known); supplierOrderId and supplierSku name what it is about, where it is
 * about one. sourceId: the invoice or settlement that found it; discrepancyId is made of it (a name-based UUID, so
 * that it is the same every time the source's history is replayed, and safe in a URL).
 */
@Revision("1")
public record BillingDiscrepancyFoundEvent(String discrepancyId, String sourceId, SupplierId supplierId, RetailerId retailerId,
                                           String invoiceNumber,
                                           DiscrepancyType type, String supplierOrderId, String supplierSku,
                                           Money expected, Money billed, String detail, Instant foundAt) {

    public static String idOf(String sourceId, String name) {
        return UUID.nameUUIDFromBytes((sourceId + "#" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
