package io.orderflow.gateway.admin;

import io.orderflow.gateway.web.IsoCountry;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.RegisterSupplierCommand;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.gateway.order.WholeNumber;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PUT /api/v1/suppliers/{supplierId}}. The secrets (API and webhook secrets, the client
 * certificate and key and the trusted CA of mutual TLS) are write-only: they go to the secret store, never into the
 * command, and never into a log line (see {@link #toString()}).
 */
record SupplierRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Valid ConnectorBody connector,
        @Size(min = 1, max = 2) List<@NotNull @Pattern(regexp = SECRET, message = SECRET_RULE) String> webhookSecrets,
        @Pattern(regexp = SECRET, message = SECRET_RULE) String apiSecret,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid LocationBody> locations,
        @NotNull @Size(max = 250) List<@NotNull @IsoCountry String> shipsTo,
        @NotNull @WholeNumber @DecimalMin("0") @DecimalMax("365") BigDecimal handlingDays,
        @NotNull @WholeNumber @DecimalMin("1") @DecimalMax("43200") BigDecimal acceptanceSlaMinutes,
        @NotNull @WholeNumber @DecimalMin("0") @DecimalMax("1000000") BigDecimal dailyCapacity,
        @NotNull @WholeNumber @DecimalMin("1") @DecimalMax("1000") BigDecimal priority,
        @NotNull Boolean active,
        @Size(max = PEM_MAX) String clientCertificatePem,
        @Size(max = PEM_MAX) String clientKeyPem,
        @Size(max = PEM_MAX) String trustedCaPem) {

    /** A few certificates of a chain, or a few CAs. */
    static final int PEM_MAX = 32_768;

    static final String SECRET = "[\\x21-\\x7E]{16,256}";
    static final String SECRET_RULE = "must be 16 to 256 printable ASCII characters without spaces";

    record ConnectorBody(
            @NotNull @Pattern(regexp = "PARTNER_REST|SHOPIFY", message = "must be PARTNER_REST or SHOPIFY") String type,
            @Size(max = 2000) String baseUrl,
            @Size(max = 255) @Pattern(regexp = "[A-Za-z0-9.-]+", message = "must be a host name") String shopDomain,
            @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be a version such as 2025-07")
            String apiVersion) {

        @AssertTrue(message = "a PARTNER_REST connector needs an absolute http(s) baseUrl without user info, query or"
                + " fragment")
        boolean isBaseUrlUsable() {
            if (!"PARTNER_REST".equals(type)) {
                return true;
            }
            if (baseUrl == null) {
                return false;
            }
            try {
                var uri = new URI(baseUrl);
                return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getUserInfo() == null && uri.getQuery() == null && uri.getFragment() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        @AssertTrue(message = "a SHOPIFY connector needs a shopDomain")
        boolean isShopDomainPresent() {
            return !"SHOPIFY".equals(type) || (shopDomain != null && !shopDomain.isBlank());
        }

        SupplierConnector toConnector() {
            String url = baseUrl != null && baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return new SupplierConnector(type, url, shopDomain, apiVersion);
        }
    }

    record LocationBody(
            @NotBlank @Size(max = 100)
            @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may hold letters, digits, '.', '_' and '-'") String locationId,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @NotNull @IsoCountry String country,
            @Size(max = 100) String region) {

        @AssertTrue(message = "latitude and longitude come together, or not at all")
        boolean isCoordinatesComplete() {
            return (latitude == null) == (longitude == null);
        }

        SupplierLocation toLocation() {
            return new SupplierLocation(locationId, latitude, longitude, country, region);
        }
    }

    RegisterSupplierCommand toCommand(SupplierId supplierId, RetailerId retailer) {
        return new RegisterSupplierCommand(supplierId, retailer, name.strip(), connector.toConnector(),
                locations.stream().map(LocationBody::toLocation).toList(), new TreeSet<>(shipsTo),
                handlingDays.intValueExact(), Duration.ofMinutes(acceptanceSlaMinutes.longValueExact()),
                dailyCapacity.intValueExact(), priority.intValueExact(), active);
    }

    /** The API secret signs our calls to the supplier; without one of its own, the first webhook secret does. */
    String apiSecretOrDefault() {
        if (apiSecret != null) {
            return apiSecret;
        }
        return webhookSecrets == null ? null : webhookSecrets.getFirst();
    }

    @Override
    public String toString() {
        return "SupplierRequest[" + name + ", " + (connector == null ? null : connector.type()) + ", secrets redacted]";
    }
}
