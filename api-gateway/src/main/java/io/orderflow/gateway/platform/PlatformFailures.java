package io.orderflow.gateway.platform;

import io.orderflow.gateway.web.Problems;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The platform API's problem documents; a store that fails is a 503 (the same request again is safe), never a 500. */
final class PlatformFailures {

    private static final Logger log = LoggerFactory.getLogger(PlatformFailures.class);

    private PlatformFailures() {
    }

    static ErrorResponseException noSuchRetailer() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such retailer.");
    }

    static ErrorResponseException noSuchKey() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such API key in force for this retailer.");
    }

    static ErrorResponseException invalid(String field, String message) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }

    static Throwable of(Throwable failure, String what) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("{} failed: {}", what, failure.toString());
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE, what + " is not possible right now; retry shortly.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }
}
