package dev.flock.edge.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin routes (and the admin OpenAPI group and the dead-letter console) exist only where configured: with an admin password, and on the admin
 * port when one is set. Elsewhere they are not found, before any token is looked at: a stolen or forged admin token is
 * of no use on the public port.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminSurface extends OncePerRequestFilter {

    static final String ADMIN_ROUTES = "/api/v1/admin";
    static final String ADMIN_API_DOCS = "/v3/api-docs/admin";
    static final String ADMIN_CONSOLE = "/admin/console";

    private final AdminProperties admin;
    private final ObjectMapper mapper;

    AdminSurface(AdminProperties admin, ObjectMapper mapper) {
        this.admin = admin;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAdmin(request.getRequestURI()) && !admin.servedOn(request.getLocalPort())) {
            ProblemResponses.write(response, mapper, ApiProblem.notFound("No such resource."));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isAdmin(String path) {
        return path.equals(ADMIN_ROUTES)
                || path.startsWith(ADMIN_ROUTES + "/")
                || path.startsWith(ADMIN_API_DOCS)
                || path.equals(ADMIN_CONSOLE)
                || path.startsWith(ADMIN_CONSOLE + "/");
    }
}
