package io.orderflow.gateway.admin;

import io.orderflow.coreapi.routing.PublishRoutingPolicyCommand;
import io.orderflow.coreapi.routing.RoutingPolicyId;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.order.WholeNumber;

import java.math.BigDecimal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The body of {@code PUT /api/v1/routing-policy}. */
record RoutingPolicyRequest(
        @NotNull @WholeNumber @DecimalMin("1") @DecimalMax("20") BigDecimal maxSuppliersPerOrder,
        @NotNull @WholeNumber @DecimalMin("0") @DecimalMax("20") BigDecimal maxRerouteAttempts,
        @NotNull @Pattern(regexp = "BACKORDER|HOLD", message = "must be BACKORDER or HOLD") String unroutable,
        @NotNull @Valid WeightsBody weights) {

    record WeightsBody(
            @NotNull @DecimalMin("0") @DecimalMax("1000") Double proximity,
            @NotNull @DecimalMin("0") @DecimalMax("1000") Double cost,
            @NotNull @DecimalMin("0") @DecimalMax("1000") Double priority,
            @NotNull @DecimalMin("0") @DecimalMax("1000") Double promise,
            @NotNull @DecimalMin("0") @DecimalMax("1000") Double reliability,
            @NotNull @DecimalMin("0") @DecimalMax("1000") Double stock) {

        // scores are weighted by weight / sum of weights
        @AssertTrue(message = "at least one weight must be above 0")
        boolean isAnyPositive() {
            return positive(proximity) || positive(cost) || positive(priority) || positive(promise)
                    || positive(reliability) || positive(stock);
        }

        private static boolean positive(Double weight) {
            return weight != null && weight > 0;
        }

        RoutingWeights toWeights() {
            return new RoutingWeights(proximity, cost, priority, promise, reliability, stock);
        }
    }

    PublishRoutingPolicyCommand toCommand(RetailerId retailer) {
        return new PublishRoutingPolicyCommand(RoutingPolicyId.of(retailer), retailer,
                maxSuppliersPerOrder.intValueExact(), maxRerouteAttempts.intValueExact(),
                UnroutableAction.valueOf(unroutable), weights.toWeights());
    }
}
