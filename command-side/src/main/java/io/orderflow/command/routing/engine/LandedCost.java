package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.shared.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * Landed cost = goods (unit cost × supplier units) + shipping estimate + the supplier's order fee. We have no carrier
 * rates at routing time, so shipping is a flat charge per parcel plus a charge per supplier unit and distance; the
 * figures are in the supplier's currency and only have to rank sources sensibly, not match an invoice.
 */
final class LandedCost {

    static final double SHIPMENT_BASE = 5.00;
    static final double PER_UNIT_PER_1000_KM = 1.00;

    private LandedCost() {
    }

    static double shippingPerUnit(double km) {
        return PER_UNIT_PER_1000_KM * km / 1000;
    }

    static Money of(BigDecimal goods, long supplierUnits, double km, Money orderFee, String currency) {
        BigDecimal shipping = BigDecimal.valueOf(SHIPMENT_BASE + supplierUnits * shippingPerUnit(km));
        BigDecimal total = goods.add(shipping);
        if (orderFee != null) {
            total = total.add(orderFee.amount());
        }
        return new Money(total.setScale(fractionDigits(currency), RoundingMode.HALF_EVEN), currency);
    }

    private static int fractionDigits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException unknown) {
            return 2;
        }
    }
}
