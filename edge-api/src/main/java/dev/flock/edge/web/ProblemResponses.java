package dev.flock.edge.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Writes a problem from places that run before Spring MVC (servlet filters, security). */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static void write(HttpServletResponse response, ObjectMapper mapper, ApiProblem problem) throws IOException {
        response.setStatus(problem.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (problem.retryAfter() != null) {
            response.setHeader(
                    HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfter().toSeconds()));
        }
        mapper.writeValue(response.getOutputStream(), problem.toProblemDetail());
    }
}
