package dev.flock.edge.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error leaves as problem+json; bad input is a 4xx with a reason, never a 500. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** About the read circuit breaker's open time: by then it asks the database again. */
    private static final Duration RETRY_READ_AFTER = Duration.ofSeconds(5);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
        if (problem.retryAfter() != null) {
            response.header(
                    HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, problem.retryAfter().toSeconds())));
        }
        return response.body(problem.toProblemDetail());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return apiProblem(ApiProblem.invalid(e.getName(), "has the wrong type"));
    }

    /** Also a store that does not answer in time: Redis while its client reconnects after a restart, for one. */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        CallNotPermittedException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        log.warn("database unavailable: {}", e.getMessage());
        return apiProblem(ApiProblem.unavailable("A database is not reachable; try again shortly.", RETRY_READ_AFTER));
    }

    /** The broker went away during an operation that talks to it directly (the admin tools). */
    @ExceptionHandler(AmqpException.class)
    ResponseEntity<ProblemDetail> brokerUnavailable(AmqpException e) {
        log.warn("broker unavailable: {}", e.getMessage());
        return apiProblem(
                ApiProblem.unavailable("The message broker is not reachable; try again shortly.", RETRY_READ_AFTER));
    }

    /**
     * A header or path the security firewall refuses, found only when Spring MVC reads it (a header value with control
     * or non-Latin-1 characters): the client's error, not ours.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return apiProblem(ApiProblem.of(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                "A header or the path is not allowed."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return apiProblem(ApiProblem.of(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error", "Something went wrong on our side."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (BodySizeLimit.causedBy(e)) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .body(BodySizeLimit.problem().toProblemDetail());
        }
        ApiProblem problem = ApiProblem.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", why(e));
        return ResponseEntity.badRequest().body(problem.toProblemDetail());
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && problem.getType().toString().equals("about:blank")) {
            problem.setType(ApiProblem.type("http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** Says what is wrong without echoing Java type names. */
    private static String why(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        if (cause instanceof JsonParseException parse) {
            return "Malformed JSON: " + parse.getOriginalMessage();
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return "Field '" + path(mismatch) + "' has the wrong type.";
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "Field '" + path(mapping) + "' is invalid.";
        }
        return "The body must be a JSON object.";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }
}
