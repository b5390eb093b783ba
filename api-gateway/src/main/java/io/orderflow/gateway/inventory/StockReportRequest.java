package io.orderflow.gateway.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/suppliers/{supplierId}/stock}. Quantities are read as decimals so
 * that 2.5 is refused rather than truncated; safetyStock is optional and, when given, replaces the position's.
 */
record StockReportRequest(@NotEmpty @Size(max = 1000) List<@NotNull @Valid Level> levels) {

    static final String MAX_QUANTITY = "1000000000";

    record Level(
            @NotBlank @Size(max = 100) String supplierSku,
            @NotBlank @Size(max = 100) String locationId,
            @NotNull @DecimalMin("0") @DecimalMax(MAX_QUANTITY) BigDecimal available,
            @NotNull Instant asOf,
            @DecimalMin("0") @DecimalMax(MAX_QUANTITY) BigDecimal safetyStock) {
    }
}
