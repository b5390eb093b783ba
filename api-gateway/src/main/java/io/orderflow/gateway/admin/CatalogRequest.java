package io.orderflow.gateway.admin;

import io.orderflow.gateway.web.IsoCurrency;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.PublishSupplierCatalogCommand;
import io.orderflow.gateway.order.WholeNumber;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /api/v1/suppliers/{supplierId}/catalog}: the whole catalog, replacing the previous one. */
record CatalogRequest(@NotNull @Size(max = 5000) List<@NotNull @Valid ItemBody> items) {

    record ItemBody(
            @NotBlank @Size(max = 100) String sku,
            @NotBlank @Size(max = 100) String supplierSku,
            @Size(max = 100) String variantId,
            @NotNull @WholeNumber @DecimalMin("1") @DecimalMax("10000") BigDecimal unitsPerItem,
            @NotNull @DecimalMin("0") @Digits(integer = 15, fraction = 4) BigDecimal unitCost,
            @NotNull @IsoCurrency String currency) {

        CatalogItem toItem() {
            return new CatalogItem(new Sku(sku), supplierSku, variantId, unitsPerItem.intValueExact(),
                    new Money(plain(unitCost), currency));
        }
    }

    PublishSupplierCatalogCommand toCommand(SupplierId supplierId, RetailerId retailer) {
        return new PublishSupplierCatalogCommand(supplierId, retailer, items.stream().map(ItemBody::toItem).toList());
    }

    // 6.5 and 6.50 are the same cost: written one way, the same catalog published again is no new version
    static BigDecimal plain(BigDecimal amount) {
        var stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
