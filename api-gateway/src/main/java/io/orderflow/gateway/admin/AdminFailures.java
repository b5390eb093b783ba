package io.orderflow.gateway.admin;

import io.orderflow.gateway.order.CommandFailures;
import io.orderflow.gateway.web.Problems;

import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Turns what went wrong on an admin call into a problem document; the admin API answers no 500. */
final class AdminFailures {

    private static final Logger log = LoggerFactory.getLogger(AdminFailures.class);
    // command-side's exception for a supplier of another retailer; the gateway may not import command-side
    private static final String SUPPLIER_NOT_FOUND = "SupplierNotFound";

    private AdminFailures() {
    }

    static ErrorResponseException noSuchSupplier() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such supplier.");
    }

    /**
     * A repeated command changes nothing, so whatever could not be told (a timeout, a database hiccup) is a 503:
     * the same request again is safe.
     */
    static Throwable ofCommand(Throwable failure, String what) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        if (CommandFailures.isUnknownAggregate(failure)) {
            return noSuchSupplier();
        }
        IllegalArgumentException violation = CommandFailures.ruleViolation(failure);
        if (violation != null) {
            if (violation.getClass().getSimpleName().equals(SUPPLIER_NOT_FOUND)) {
                return noSuchSupplier();
            }
            return Problems.error(HttpStatus.BAD_REQUEST, clip(violation.getMessage()));
        }
        if (CommandFailures.isDuplicateAggregate(failure)) {
            // two first registrations of the same id raced; the loser may simply repeat
            return unavailable(what);
        }
        if (!(failure instanceof TimeoutException)) {
            log.warn("{} failed: {}", what, failure.toString());
        }
        return unavailable(what);
    }

    static Throwable ofRead(Throwable failure, String what) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("{} failed: {}", what, failure.toString());
        return unavailable(what);
    }

    static ErrorResponseException unavailable(String what) {
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
                what + " is not possible right now; retry shortly.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }

    private static String clip(String message) {
        if (message == null || message.isBlank()) {
            return "The request breaks a rule.";
        }
        return message.length() <= 300 ? message : message.substring(0, 300);
    }
}
