package dev.flock.edge.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An answer that is not a success, thrown from anywhere in a request and rendered as RFC 9457
 * {@code application/problem+json} by {@link ProblemAdvice}.
 */
public class ApiProblem extends RuntimeException {

    private static final String TYPE_PREFIX = "urn:flock:problem:";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    private ApiProblem(
            HttpStatus status, String type, String title, String detail, List<FieldError> errors, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ApiProblem of(HttpStatus status, String type, String title, String detail) {
        return new ApiProblem(status, type, title, detail, List.of(), null);
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(
                HttpStatus.BAD_REQUEST,
                "validation-failed",
                "Invalid request",
                "The request breaks " + errors.size() + " rule(s); see errors.",
                List.copyOf(errors),
                null);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblem notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
        return new ApiProblem(
                HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", detail, List.of(), retryAfter);
    }

    public static ApiProblem unavailable(String detail, Duration retryAfter) {
        return new ApiProblem(
                HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail, List.of(), retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    /** Seconds to put in {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(type(type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }
}
