package io.orderflow.gateway.privacy;

import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/privacy/erasures}: an e-mail address or order ids, not both. Personal data. */
record ErasureRequest(
        @Email @Size(max = 254) String email,
        @Size(min = 1, max = 1000) List<@NotBlank @Size(max = 200) String> orderIds) {

    @Override
    public String toString() {
        return "ErasureRequest[" + (orderIds == null ? 0 : orderIds.size()) + " order ids]";
    }
}
