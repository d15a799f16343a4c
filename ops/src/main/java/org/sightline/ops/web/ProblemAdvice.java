package org.sightline.ops.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.sightline.command.session.NotParticipating;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Turns every failure of a request into an RFC 9457 problem body.
 *
 * <p>Bad input answers 400 with the rule it broke, an unknown session 404, a command that
 * does not fit the session's state 409, a rep acting outside their part 403. An unexpected
 * failure answers 500 with a reference that the log line carries too; no stack trace ever
 * reaches a client.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badInput(IllegalArgumentException e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(NotParticipating.class)
    ResponseEntity<ProblemDetail> notParticipating(NotParticipating e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> conflict(IllegalStateException e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknownSession(AggregateNotFoundException e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no session " + e.getAggregateIdentifier()));
    }

    /** The LSID names a session of another kind, such as a console session. */
    @ExceptionHandler(IncompatibleAggregateException.class)
    ResponseEntity<ProblemDetail> otherKindOfSession(IncompatibleAggregateException e,
            ServerWebExchange exchange) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no support session at " + exchange.getRequest().getPath()));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrentChange(ConcurrencyException e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "another change to this session came first; read it again and retry"));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<ProblemDetail>> unexpected(Exception e, ServerWebExchange exchange) {
        if (exchange.getResponse().isCommitted()) {
            // A stream already under way whose client went (a reset, a closed page): there is
            // no one to answer and nothing went wrong here.
            LOG.debug("Request {} {} ended after its answer began: {}",
                    exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    e.toString());
            return Mono.empty();
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Request {} {} failed (reference {}): {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), reference, e.toString());
        LOG.debug("Request failure {}", reference, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Sightline could not complete the request; quote reference " + reference);
        problem.setProperty("reference", reference);
        return Mono.just(problem(problem));
    }

    /**
     * A problem body is always {@code application/problem+json}, whatever the request
     * accepts: a refused event stream (Accept: text/event-stream) gets a problem, not an
     * event holding one.
     */
    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.addAll(headers);
        if (body instanceof ProblemDetail) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return super.createResponseEntity(body, problemHeaders, status, exchange);
    }

    /** Says which rule a body or parameter broke, rather than that it could not be read. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException e, HttpHeaders headers, HttpStatusCode status,
            ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, describe(e));
        return handleExceptionInternal(e, problem, headers, status, exchange);
    }

    static String describe(ServerWebInputException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException && cause.getMessage() != null
                    && !(cause instanceof JsonProcessingException)
                    && cause.getCause() == null) {
                return cause.getMessage();
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return "unknown field '" + unknown.getPropertyName() + "'";
            }
            if (cause instanceof InvalidFormatException invalid) {
                Class<?> target = invalid.getTargetType();
                return "field '" + path(invalid) + "' has an invalid value"
                        + (target != null && target.isEnum()
                                ? ": one of " + Arrays.toString(target.getEnumConstants())
                                : "");
            }
            if (cause instanceof MismatchedInputException mismatched
                    && !path(mismatched).isEmpty()) {
                return "field '" + path(mismatched) + "' is missing or has the wrong type";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null) {
            return root.getMessage();
        }
        if (root instanceof JsonProcessingException) {
            return "the request body is not valid JSON for this request";
        }
        return e.getReason() == null ? "the request could not be read" : e.getReason();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
