package io.orderflow.gateway.admin;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.order.CommandFailures;
import io.orderflow.gateway.port.SupplierOwners;
import io.orderflow.gateway.web.Problems;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import reactor.core.publisher.Mono;

/** Turns what went wrong on an admin call into a problem document; the admin API answers no 500. */
public final class AdminFailures {

    private static final Logger log = LoggerFactory.getLogger(AdminFailures.class);
    // command-side's exception for a supplier of another retailer; the gateway may not import command-side
    private static final String SUPPLIER_NOT_FOUND = "SupplierNotFound";

    private AdminFailures() {
    }

    public static ErrorResponseException noSuchSupplier() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such supplier.");
    }

    /**
     * A repeated command changes nothing, so whatever could not be told (a timeout, a database hiccup) is a 503:
     * the same request again is safe.
     */
    public static Throwable ofCommand(Throwable failure, String what) {
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

    public static Throwable ofRead(Throwable failure, String what) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("{} failed: {}", what, failure.toString());
        return unavailable(what);
    }

    /**
     * Empty when the supplier exists and is the caller's retailer's; otherwise the same 404 whether it is unknown or
     * another retailer's: ids must not leak across tenants. (Registration, which takes new ids, checks only the
     * second.)
     */
    public static Mono<Void> requireOwnSupplier(SupplierOwners owners, RetailerId retailer, String supplierId,
                                                Duration timeout) {
        return owners.ownerOf(supplierId)
                .timeout(timeout)
                .onErrorMap(failure -> ofRead(failure, "Looking up the supplier"))
                .filter(owner -> owner.equals(retailer.value()))
                .switchIfEmpty(Mono.error(AdminFailures::noSuchSupplier))
                .then();
    }

    public static ErrorResponseException unavailable(String what) {
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
