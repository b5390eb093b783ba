package io.orderflow.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * Every error as an RFC 9457 problem. Details name fields, never values: a rejected value may be a customer's
 * name or address.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (ObjectError error : ex.getAllErrors()) {
            String field = error instanceof FieldError fieldError ? fieldError.getField() : error.getObjectName();
            errors.add(Map.of("field", field, "message", String.valueOf(error.getDefaultMessage())));
        }
        var problem = Problems.problem(HttpStatus.BAD_REQUEST, "The request body is invalid.", Map.of("errors", errors));
        return answer(problem, headers, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (hasCause(ex, DataBufferLimitException.class)) {
            return answer(tooLarge(), headers, exchange);
        }
        JacksonException json = cause(ex, JacksonException.class);
        if (json != null) {
            String field = fieldPath(json);
            if (isCardNumber(json)) {
                return answer(cardNumber(field.isEmpty() ? "$" : field), headers, exchange);
            }
            var problem = field.isEmpty()
                    ? Problems.problem(HttpStatus.BAD_REQUEST, "The request body is not JSON of the expected shape.")
                    : Problems.problem(HttpStatus.BAD_REQUEST, "The request body has a value of the wrong type or format.",
                            Map.of("errors", List.of(Map.of("field", field, "message", message(json)))));
            return answer(problem, headers, exchange);
        }
        // Spring's reasons ("No request body", "Required header 'X' is not present") are safe to show
        String reason = ex.getReason() != null ? ex.getReason() : "The request could not be read.";
        return answer(Problems.problem(HttpStatus.BAD_REQUEST, reason), headers, exchange);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    Mono<ResponseEntity<Object>> handleTooLarge(DataBufferLimitException ex, ServerWebExchange exchange) {
        return answer(tooLarge(), new HttpHeaders(), exchange);
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
        log.error("Unexpected failure on {} {} (correlation id {})", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), CorrelationId.of(exchange), ex);
        var problem = Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Quote the correlation id " + CorrelationId.of(exchange) + ".");
        return answer(problem, new HttpHeaders(), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getTitle() == null && HttpStatus.resolve(problem.getStatus()) != null) {
                problem.setTitle(HttpStatus.valueOf(problem.getStatus()).getReasonPhrase());
            }
            return answer(problem, headers, exchange);
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    // Written as a string so that every problem has the same shape, whoever made it (see Problems.json).
    private static Mono<ResponseEntity<Object>> answer(ProblemDetail problem, HttpHeaders headers,
            ServerWebExchange exchange) {
        if (problem.getInstance() == null) {
            problem.setInstance(Problems.instance(exchange));
        }
        var responseHeaders = new HttpHeaders();
        responseHeaders.addAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return Mono.just(ResponseEntity.status(problem.getStatus()).headers(responseHeaders)
                .body(Problems.json(problem).getBytes(StandardCharsets.UTF_8)));
    }

    private static ProblemDetail tooLarge() {
        return Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.");
    }

    /** The same answer wherever a card number is found (body, path, query, header): the field, never the value. */
    static ProblemDetail cardNumber(String field) {
        return Problems.problem(HttpStatus.BAD_REQUEST, CARD_NUMBER_DETAIL,
                Map.of("errors", List.of(Map.of("field", field, "message", CARD_NUMBER_MESSAGE))));
    }

    static final String CARD_NUMBER_DETAIL = "The request holds what looks like a payment card number. orderflow never "
            + "takes card data: send the payment provider's reference or token (paymentReference) instead.";
    static final String CARD_NUMBER_MESSAGE = "must not hold a payment card number";

    private static boolean isCardNumber(JacksonException json) {
        String original = json.getOriginalMessage();
        return original != null && original.contains(StrictJson.CARD_NUMBER);
    }

    private static String message(JacksonException json) {
        String original = json.getOriginalMessage();
        return original != null && original.contains(StrictJson.CONTROL_CHARACTERS)
                ? "must not contain control characters" : "has the wrong type or format";
    }

    private static String fieldPath(JacksonException json) {
        var path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        return cause(error, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
