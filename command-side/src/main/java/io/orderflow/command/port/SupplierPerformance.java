package io.orderflow.command.port;

import io.orderflow.coreapi.shared.SupplierId;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

/** Port: each supplier's scorecard and how many orders it was given on a day (for its daily capacity). */
public interface SupplierPerformance {

    Map<SupplierId, Performance> of(Collection<SupplierId> suppliers, LocalDate day);

    /** Rates in 0..1, null while a supplier has too little history to have one. */
    record Performance(Double acceptanceRate, Double onTimeRate, int ordersOnDay) {
    }
}
