package io.orderflow.gateway.order;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The bodies of the operators' actions on an order; every one says why (reason), for the order's history. */
final class OrderInterventionRequests {

    private OrderInterventionRequests() {
    }

    /** hold-release, backorder-retry, backorder-cancellation. */
    record Reason(@NotBlank @Size(max = 500) String reason) {
    }

    record ManualAllocation(@NotBlank @Size(max = 100) String supplierId, @NotBlank @Size(max = 100) String locationId,
                            @NotEmpty @Size(max = 100) List<@NotNull @Valid LineRef> lines,
                            @NotBlank @Size(max = 500) String reason) {

        record LineRef(@NotBlank @Size(max = 100) String lineId) {
        }
    }
}
