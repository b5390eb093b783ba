package io.orderflow.gateway.billing;

import io.orderflow.coreapi.billing.ApproveBillingDiscrepancyCommand;
import io.orderflow.coreapi.billing.BillingStatement;
import io.orderflow.coreapi.billing.DiscrepancyClosed;
import io.orderflow.coreapi.billing.DiscrepancyStatus;
import io.orderflow.coreapi.billing.DisputeBillingDiscrepancyCommand;
import io.orderflow.coreapi.billing.DiscrepancyView;
import io.orderflow.coreapi.billing.FindBillingStatementQuery;
import io.orderflow.coreapi.billing.FindDiscrepanciesQuery;
import io.orderflow.coreapi.billing.InvoiceRules;
import io.orderflow.coreapi.billing.ResolveBillingDiscrepancyCommand;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.gateway.admin.AdminFailures;
import io.orderflow.gateway.order.CommandFailures;
import io.orderflow.gateway.port.SupplierOwners;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Parameter;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Billing reconciliation (scope {@code admin}, within the caller's retailer): supplier invoices uploaded, the
 * discrepancies matching found, decisions on them, and a supplier's monthly statement. Invoices also come from
 * partners' {@code invoice.issued} webhooks and from Shopify suppliers' orders.
 */
@RestController
class BillingController {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final int LIST_LIMIT = 500;
    static final String CSV = "text/csv";

    private final AxonCalls axon;
    private final SupplierOwners owners;
    private final Clock clock;
    private final Set<String> deliveredOnly;

    BillingController(AxonCalls axon, SupplierOwners owners, Clock clock,
                      @Value("${orderflow.billing.delivered-only-suppliers:}") String deliveredOnly) {
        this.axon = axon;
        this.owners = owners;
        this.clock = clock;
        this.deliveredOnly = Arrays.stream(deliveredOnly.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @PostMapping(path = "/api/v1/suppliers/{supplierId}/invoices", consumes = "application/json")
    Mono<ResponseEntity<Map<String, Object>>> uploadJson(@AuthenticationPrincipal Caller caller,
                                                         @PathVariable String supplierId,
                                                         @RequestHeader(name = "Idempotency-Key", required = false)
                                                         String idempotencyKey,
                                                         @RequestBody InvoiceUpload invoice) {
        return receive(caller, supplierId, idempotencyKey, invoice);
    }

    @PostMapping(path = "/api/v1/suppliers/{supplierId}/invoices", consumes = CSV)
    Mono<ResponseEntity<Map<String, Object>>> uploadCsv(@AuthenticationPrincipal Caller caller,
                                                        @PathVariable String supplierId,
                                                        @RequestHeader(name = "Idempotency-Key", required = false)
                                                        String idempotencyKey,
                                                        @Parameter(description = "Header: " + InvoiceUpload.CSV_HEADER)
                                                        @RequestBody String csv) {
        InvoiceUpload invoice;
        try {
            invoice = InvoiceUpload.fromCsv(csv);
        } catch (InvoiceUpload.Unreadable e) {
            return Mono.error(invalid(List.of(new InvoiceRules.Problem(e.field, e.getMessage()))));
        }
        return receive(caller, supplierId, idempotencyKey, invoice);
    }

    /**
     * Accepted once recorded: matching follows within moments. The same Idempotency-Key again is the same upload
     * (no duplicate); without one, every upload of an invoice number after the first is a duplicate invoice.
     */
    private Mono<ResponseEntity<Map<String, Object>>> receive(Caller caller, String supplierId, String idempotencyKey,
                                                             InvoiceUpload invoice) {
        var problems = invoice.problems();
        if (!problems.isEmpty()) {
            return Mono.error(invalid(problems));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            return Mono.error(Problems.error(HttpStatus.BAD_REQUEST, "Idempotency-Key must be 1 to 200 characters."));
        }
        var supplier = new SupplierId(supplierId);
        String receipt = "upload:" + (idempotencyKey == null ? UUID.randomUUID() : idempotencyKey);
        var command = invoice.toCommand(supplier, caller.retailerId(), receipt, clock.instant());
        return requireOwn(caller, supplierId)
                .then(axon.send(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(Map.of("actor", caller.actor()))).timeout(COMMAND_TIMEOUT))
                .onErrorMap(failure -> ofCommand(failure, "Recording the invoice"))
                .then(Mono.fromSupplier(() -> {
                    var answer = new LinkedHashMap<String, Object>();
                    answer.put("invoiceId", command.invoiceId().value());
                    answer.put("supplierId", supplierId);
                    answer.put("invoiceNumber", command.invoiceNumber());
                    answer.put("lines", command.lines().size());
                    answer.put("discrepancies", "/api/v1/billing/discrepancies?supplierId=" + supplierId);
                    return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
                }));
    }

    @GetMapping("/api/v1/billing/discrepancies")
    Mono<List<DiscrepancyView>> discrepancies(@AuthenticationPrincipal Caller caller,
                                              @RequestParam(required = false) String supplierId,
                                              @Parameter(description = "OPEN, APPROVED, DISPUTED or RESOLVED")
                                              @RequestParam(required = false) String status) {
        DiscrepancyStatus wanted;
        try {
            wanted = status == null || status.isBlank() ? null : DiscrepancyStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return Mono.error(invalid(List.of(new InvoiceRules.Problem("status",
                    "must be one of " + Arrays.toString(DiscrepancyStatus.values())))));
        }
        return axon.query(new FindDiscrepanciesQuery(caller.retailerId().value(), blankToNull(supplierId), wanted,
                        null, LIST_LIMIT), ResponseTypes.multipleInstancesOf(DiscrepancyView.class))
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Listing discrepancies"));
    }

    @GetMapping(path = "/api/v1/billing/statements/{supplierId}", produces = "application/json")
    Mono<BillingStatement> statement(@AuthenticationPrincipal Caller caller, @PathVariable String supplierId,
                                     @Parameter(description = "The month, as 2026-11 (UTC)", example = "2026-11")
                                     @RequestParam String period) {
        YearMonth month;
        try {
            month = YearMonth.parse(period);
        } catch (DateTimeParseException e) {
            month = null;
        }
        if (month == null || month.getYear() < 2000 || month.getYear() > 2099) {
            return Mono.error(invalid(List.of(new InvoiceRules.Problem("period",
                    "must be a month of the years 2000 to 2099, such as 2026-11"))));
        }
        return requireOwn(caller, supplierId)
                .then(axon.query(new FindBillingStatementQuery(caller.retailerId().value(), supplierId, month,
                        deliveredOnly.contains(supplierId)), ResponseTypes.instanceOf(BillingStatement.class)))
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "The statement"));
    }

    @GetMapping(path = "/api/v1/billing/statements/{supplierId}", produces = CSV)
    Mono<ResponseEntity<String>> statementCsv(@AuthenticationPrincipal Caller caller, @PathVariable String supplierId,
                                              @RequestParam String period) {
        return statement(caller, supplierId, period).map(statement -> ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, CSV + ";charset=UTF-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-"
                        + statement.period() + ".csv\"")
                .body(StatementCsv.of(statement)));
    }

    @PostMapping("/api/v1/billing/discrepancies/{discrepancyId}/approval")
    Mono<Map<String, Object>> approve(@AuthenticationPrincipal Caller caller, @PathVariable String discrepancyId,
                                      @RequestBody ReviewRequest body) {
        return review(caller, discrepancyId, DiscrepancyStatus.APPROVED, body);
    }

    @PostMapping("/api/v1/billing/discrepancies/{discrepancyId}/dispute")
    Mono<Map<String, Object>> dispute(@AuthenticationPrincipal Caller caller, @PathVariable String discrepancyId,
                                      @RequestBody ReviewRequest body) {
        return review(caller, discrepancyId, DiscrepancyStatus.DISPUTED, body);
    }

    @PostMapping("/api/v1/billing/discrepancies/{discrepancyId}/resolution")
    Mono<Map<String, Object>> resolve(@AuthenticationPrincipal Caller caller, @PathVariable String discrepancyId,
                                      @RequestBody ReviewRequest body) {
        return review(caller, discrepancyId, DiscrepancyStatus.RESOLVED, body);
    }

    /** The caller is the actor; the reason is theirs to give. A discrepancy of another retailer is not found. */
    private Mono<Map<String, Object>> review(Caller caller, String discrepancyId, DiscrepancyStatus decision,
                                             ReviewRequest body) {
        if (body == null || body.reason() == null || body.reason().isBlank() || body.reason().length() > 1000) {
            return Mono.error(invalid(List.of(new InvoiceRules.Problem("reason", "is required (at most 1000 characters)"))));
        }
        return axon.query(new FindDiscrepanciesQuery(caller.retailerId().value(), null, null, discrepancyId, 1),
                        ResponseTypes.multipleInstancesOf(DiscrepancyView.class))
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Looking up the discrepancy"))
                .flatMap(found -> found.isEmpty()
                        ? Mono.error(Problems.error(HttpStatus.NOT_FOUND, "No such discrepancy."))
                        : Mono.just(found.getFirst()))
                .flatMap(found -> axon.send(GenericCommandMessage.asCommandMessage(decision(decision, discrepancyId,
                                        new SupplierId(found.supplierId()), caller, body.reason().trim()))
                                .andMetaData(Map.of("actor", caller.actor())))
                        .timeout(COMMAND_TIMEOUT)
                        .onErrorMap(failure -> ofCommand(failure, "The decision"))
                        .then(Mono.fromSupplier(() -> {
                            var answer = new LinkedHashMap<String, Object>();
                            answer.put("discrepancyId", discrepancyId);
                            answer.put("status", decision.name());
                            answer.put("actor", caller.actor());
                            answer.put("reason", body.reason().trim());
                            return answer;
                        })));
    }

    record ReviewRequest(String reason) {
    }

    private Object decision(DiscrepancyStatus decision, String id, SupplierId supplier, Caller caller, String reason) {
        var at = clock.instant();
        return switch (decision) {
            case APPROVED -> new ApproveBillingDiscrepancyCommand(id, supplier, caller.retailerId(), caller.actor(),
                    reason, at);
            case DISPUTED -> new DisputeBillingDiscrepancyCommand(id, supplier, caller.retailerId(), caller.actor(),
                    reason, at);
            case RESOLVED -> new ResolveBillingDiscrepancyCommand(id, supplier, caller.retailerId(), caller.actor(),
                    reason, at);
            case OPEN -> throw new IllegalArgumentException("no decision reopens a discrepancy");
        };
    }

    private Mono<Void> requireOwn(Caller caller, String supplierId) {
        return AdminFailures.requireOwnSupplier(owners, caller.retailerId(), supplierId, READ_TIMEOUT);
    }

    private static ErrorResponseException invalid(List<InvoiceRules.Problem> problems) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.", Map.of("errors",
                problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList()));
    }

    /** A decision on a closed discrepancy is a conflict; the rest as every admin command answers. */
    private static Throwable ofCommand(Throwable failure, String what) {
        if (CommandFailures.ruleViolation(failure) instanceof DiscrepancyClosed closed) {
            return Problems.error(HttpStatus.CONFLICT, closed.getMessage());
        }
        return AdminFailures.ofCommand(failure, what);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
