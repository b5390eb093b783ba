package io.orderflow.gateway.admin;

import io.orderflow.gateway.port.DeadLetters;
import io.orderflow.gateway.port.ParkedRecords;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Dead letters (scope {@code admin}): events a processor could not handle, parked per order so that only that
 * order waits, and Kafka records a consumer could not apply (also in {@code <topic>.dlt}). List, inspect one order's
 * sequence or one record, and retry it once the cause is fixed.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
class DeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DeadLetters deadLetters;
    private final ParkedRecords records;

    DeadLetterController(DeadLetters deadLetters, ParkedRecords records) {
        this.deadLetters = deadLetters;
        this.records = records;
    }

    @GetMapping
    Mono<Map<String, Object>> list(@AuthenticationPrincipal Caller caller) {
        return blocking(() -> Map.of("processingGroups", deadLetters.processingGroups(),
                "sequences", deadLetters.sequences(caller.retailerId().value()),
                "records", records.records(caller.retailerId().value())));
    }

    @GetMapping("/records/{id}")
    Mono<ParkedRecords.Parked> record(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return blocking(() -> records.record(caller.retailerId().value(), id)
                .orElseThrow(DeadLetterController::noSuchRecord));
    }

    @PostMapping("/records/{id}/retry")
    Mono<Map<String, Object>> retryRecord(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return blocking(() -> {
            boolean processed = records.retry(caller.retailerId().value(), id)
                    .orElseThrow(DeadLetterController::noSuchRecord);
            return Map.of("id", id, "processed", processed);
        });
    }

    /**
     * A stock position's sequence id has slashes ({@code berlin-gear/berlin/BG-MUG-01}), which no path segment can
     * carry (an encoded slash is refused before any handler sees the request): such a sequence is named in the query.
     */
    @GetMapping("/{processingGroup}")
    Mono<List<DeadLetters.Letter>> sequenceByQuery(@AuthenticationPrincipal Caller caller,
                                                   @PathVariable String processingGroup,
                                                   @RequestParam String sequenceId) {
        return sequence(caller, processingGroup, sequenceId);
    }

    @PostMapping("/{processingGroup}/retry")
    Mono<Map<String, Object>> retryByQuery(@AuthenticationPrincipal Caller caller, @PathVariable String processingGroup,
                                           @RequestParam String sequenceId) {
        return retry(caller, processingGroup, sequenceId);
    }

    @GetMapping("/{processingGroup}/{sequenceId}")
    Mono<List<DeadLetters.Letter>> sequence(@AuthenticationPrincipal Caller caller, @PathVariable String processingGroup,
                                            @PathVariable String sequenceId) {
        return blocking(() -> deadLetters.sequence(caller.retailerId().value(), processingGroup, sequenceId)
                .orElseThrow(DeadLetterController::noSuchSequence));
    }

    @PostMapping("/{processingGroup}/{sequenceId}/retry")
    Mono<Map<String, Object>> retry(@AuthenticationPrincipal Caller caller, @PathVariable String processingGroup,
                                    @PathVariable String sequenceId) {
        return blocking(() -> {
            boolean processed = deadLetters.retry(caller.retailerId().value(), processingGroup, sequenceId)
                    .orElseThrow(DeadLetterController::noSuchSequence);
            return Map.of("processingGroup", processingGroup, "sequenceId", sequenceId, "processed", processed);
        });
    }

    private static ErrorResponseException noSuchRecord() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such parked record.");
    }

    private static ErrorResponseException noSuchSequence() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such dead-letter sequence.");
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic()).timeout(TIMEOUT)
                .onErrorMap(failure -> {
                    if (failure instanceof ErrorResponseException) {
                        return failure;
                    }
                    log.warn("dead-letter call failed: {}", failure.toString());
                    var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
                            "Dead letters cannot be reached right now; retry shortly.");
                    unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                    return unavailable;
                });
    }
}
