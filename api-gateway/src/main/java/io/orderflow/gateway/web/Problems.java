package io.orderflow.gateway.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** RFC 9457 problem documents, built one way whether Spring or the gateway itself writes them. */
public final class Problems {

    private static final JsonMapper JSON = new JsonMapper();

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatus status, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    public static ProblemDetail problem(HttpStatus status, String detail, Map<String, ?> properties) {
        var problem = problem(status, detail);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** For handlers: rendered by {@code ProblemAdvice} as {@code application/problem+json}. */
    public static ErrorResponseException error(HttpStatus status, String detail) {
        return new ErrorResponseException(status, problem(status, detail), null);
    }

    public static ErrorResponseException error(HttpStatus status, String detail, Map<String, ?> properties) {
        return new ErrorResponseException(status, problem(status, detail, properties), null);
    }

    /** The JSON of a problem, extension members at the top level as RFC 9457 wants them. */
    public static String json(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        // an absent type means "about:blank" (RFC 9457 §3.1.1)
        if (problem.getType() != null) {
            members.put("type", problem.getType().toString());
        }
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            members.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(members::putIfAbsent);
        }
        return JSON.writeValueAsString(members);
    }

    /** Writes a problem straight to the response, for code that runs outside the handler chain (security). */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getInstance() == null) {
            problem.setInstance(instance(exchange));
        }
        byte[] body = json(problem).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    static URI instance(ServerWebExchange exchange) {
        try {
            return URI.create(exchange.getRequest().getPath().value());
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
