package io.orderflow.infra.connector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An allocation's lines as routing decided them, in the supplier's terms: which line a supplier SKU stands for, and
 * how many supplier units make one retailer item (a line of 2 six-packs is 12 units).
 */
public final class AllocationUnits {

    /** One allocated line: our line id, retailer items, the supplier's SKU and its units for those items. */
    public record Line(String lineId, int quantity, String supplierSku, int supplierUnits) {
    }

    private final Map<String, String> lineOfSupplierSku = new HashMap<>();
    private final Map<String, Integer> unitsPerItem = new HashMap<>();

    public AllocationUnits(List<Line> lines) {
        for (var line : lines) {
            lineOfSupplierSku.put(line.supplierSku(), line.lineId());
            int quantity = line.quantity();
            int units = line.supplierUnits();
            if (quantity > 0 && units >= quantity && units % quantity == 0) {
                unitsPerItem.put(line.lineId(), units / quantity);
            }
        }
    }

    /** The line the supplier means by this SKU of its own. */
    public Optional<String> lineOfSupplierSku(String supplierSku) {
        return Optional.ofNullable(lineOfSupplierSku.get(supplierSku));
    }

    /** Retailer items in this many supplier units of the line; as many as units when the line has no pack size. */
    public int items(String lineId, int supplierUnits) {
        return supplierUnits / unitsPerItem.getOrDefault(lineId, 1);
    }
}
