package io.orderflow.gateway.platform;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The platform API's request bodies. */
final class PlatformRequests {

    private PlatformRequests() {
    }

    /** {@code POST /api/v1/platform/retailers}. */
    record CreateRetailer(
            @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,100}", message = RetailerId.RULE) String retailerId,
            @NotBlank @Size(max = 200) String name) {
    }

    /** {@code POST /api/v1/platform/retailers/{retailerId}/keys}: which scopes are allowed is checked by the handler. */
    record IssueKey(
            @NotBlank @Size(max = 100) String name,
            @NotEmpty @Size(max = 10) List<@NotNull @Size(max = 50) String> scopes) {
    }
}
