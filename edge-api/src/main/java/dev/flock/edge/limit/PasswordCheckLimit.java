package dev.flock.edge.limit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logins and registrations per client address, successful or not: each costs a bcrypt computation (tens of
 * milliseconds of a processor), so without this one client could keep the edge's processors busy with valid requests.
 * Counted before the body is read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
@EnableConfigurationProperties(RateLimitProperties.class)
class PasswordCheckLimit extends OncePerRequestFilter {

    static final Set<String> PATHS = Set.of("/api/v1/auth/token", "/api/v1/accounts");

    private final boolean enabled;
    private final KeyedLimiter perAddress;
    private final ObjectMapper mapper;

    PasswordCheckLimit(RateLimitProperties properties, ObjectMapper mapper) {
        this.enabled = properties.enabled();
        this.perAddress = new KeyedLimiter(properties.passwordChecksPerAddress(), properties.passwordCheckWindow());
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !enabled || !"POST".equals(request.getMethod()) || !PATHS.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var wait = perAddress.take(request.getRemoteAddr());
        if (wait.isPresent()) {
            ProblemResponses.write(
                    response,
                    mapper,
                    ApiProblem.tooManyRequests(
                            "Too many logins and registrations from this address.",
                            wait.get().plusSeconds(1)));
            return;
        }
        chain.doFilter(request, response);
    }
}
