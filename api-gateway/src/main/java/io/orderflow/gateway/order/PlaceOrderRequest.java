package io.orderflow.gateway.order;

import io.orderflow.gateway.web.IsoCurrency;
import io.orderflow.gateway.web.Problems;
import io.orderflow.gateway.web.IsoCountry;
import io.orderflow.coreapi.order.Customer;
import io.orderflow.coreapi.order.NotificationConsent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.ShippingAddress;
import io.orderflow.coreapi.routing.PreviewRoutingQuery;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/orders}. Personal data: never log an instance. paymentReference is the
 * payment provider's reference or token (a Stripe PaymentIntent id, an Adyen PSP reference): never card data, which
 * the decoder refuses in every field ({@code StrictJson}).
 */
record PlaceOrderRequest(
        @NotBlank @Size(max = 100) String externalOrderId,
        @NotNull @IsoCurrency String currency,
        @NotNull @Valid CustomerBody customer,
        @NotNull @Valid ShipToBody shipTo,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid LineBody> lines,
        LocalDate promiseBy,
        @Size(max = 50) String channel,
        @Size(max = 200) @Pattern(regexp = "[\\x21-\\x7E]+",
                message = "must be the payment provider's reference or token: visible ASCII, no spaces")
        String paymentReference,
        @Valid ConsentBody consent) {

    record CustomerBody(
            @NotBlank @Size(max = 200) String name,
            @Email @Size(max = 254) String email,
            @Size(max = 40) String phone) {
        @Override
        public String toString() {
            return "CustomerBody[redacted]";
        }
    }

    record ShipToBody(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 100) String city,
            @Size(max = 100) String region,
            @Size(max = 20) String postalCode,
            @NotNull @IsoCountry String country,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude) {
        @Override
        public String toString() {
            return "ShipToBody[" + country + "]";
        }
    }

    /**
     * What the customer agreed to be told, on which channel; givenAt defaults to the moment the order is placed and
     * source to the order's channel. Without it, no message goes out about the order.
     */
    record ConsentBody(
            boolean email,
            boolean sms,
            Instant givenAt,
            @Size(max = 100) String source) {
    }

    /** quantity is read as a decimal so that 1.5 is refused rather than silently truncated to 1. */
    record LineBody(
            @NotBlank @Size(max = 100) String lineId,
            @NotBlank @Size(max = 100) String sku,
            @NotNull @WholeNumber @DecimalMin("1") @DecimalMax("10000") BigDecimal quantity,
            @NotNull @DecimalMin("0") @Digits(integer = 15, fraction = 4) BigDecimal unitPrice) {
    }

    /** What bean validation cannot check without the clock: promiseBy within its window (see {@link InputRules}). */
    Optional<ErrorResponseException> outsideDateWindow(LocalDate today) {
        if (InputRules.isPlausiblePromise(promiseBy, today)) {
            return Optional.empty();
        }
        return Optional.of(Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.",
                Map.of("errors", List.of(Map.of("field", "promiseBy", "message", "must lie between "
                        + InputRules.PROMISE_DAYS_BEFORE + " days before and " + InputRules.PROMISE_YEARS_AFTER
                        + " years after today (UTC)")))));
    }

    /** The customer and the address in clear text, to be sealed before they go into a command. */
    PersonalData personalData() {
        return new PersonalData(new Customer(customer.name(), customer.email(), customer.phone()), shippingAddress());
    }

    PlaceOrderCommand toCommand(OrderId orderId, RetailerId retailer, Instant placedAt, SealedPersonalData sealed) {
        return new PlaceOrderCommand(orderId, retailer, externalOrderId, currency, sealed,
                shippingAddress().destination(), orderLines(), promiseBy, channel, placedAt, paymentReference,
                consent == null ? null : new NotificationConsent(consent.email(), consent.sms(),
                        consent.givenAt() == null ? placedAt : consent.givenAt(),
                        consent.source() == null ? channel : consent.source()));
    }

    /** The same body as a dry run: routing without an order (the customer's details are not needed). */
    PreviewRoutingQuery toPreviewQuery(RetailerId retailer) {
        return new PreviewRoutingQuery(retailer, orderLines(), shippingAddress().destination(), channel, promiseBy);
    }

    private ShippingAddress shippingAddress() {
        return new ShippingAddress(shipTo.name(), shipTo.line1(), shipTo.line2(), shipTo.city(), shipTo.region(),
                shipTo.postalCode(), shipTo.country(), shipTo.latitude(), shipTo.longitude());
    }

    private List<OrderLine> orderLines() {
        return lines.stream()
                .map(line -> new OrderLine(line.lineId(), new Sku(line.sku()), line.quantity().intValueExact(),
                        new Money(line.unitPrice(), currency)))
                .toList();
    }

    /** The same order written differently (1.0 or 1.00, keys reordered) hashes the same. */
    PlaceOrderRequest canonical() {
        return new PlaceOrderRequest(externalOrderId, currency, customer, shipTo,
                lines.stream().map(line -> new LineBody(line.lineId(), line.sku(), normal(line.quantity()),
                        normal(line.unitPrice()))).toList(),
                promiseBy, channel, paymentReference, consent);
    }

    private static BigDecimal normal(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    @Override
    public String toString() {
        return "PlaceOrderRequest[" + externalOrderId + ", " + (lines == null ? 0 : lines.size()) + " lines]";
    }
}
