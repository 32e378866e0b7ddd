package dev.flock.edge.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * @param password the admin login's password ({@code FLOCK_ADMIN_PASSWORD}); unset, there is no admin login and no
 *                 admin route
 * @param port     where the admin routes, the admin login and the admin OpenAPI group are served
 *                 ({@code FLOCK_ADMIN_PORT}, a second connector, e.g. 8081 bound to a private network); unset, on the
 *                 API's own port, as the SPEC's {@code /admin} routes
 */
@ConfigurationProperties("flock.admin")
public record AdminProperties(String password, Integer port) {

    public static final String USERNAME = "admin";

    @ConstructorBinding
    public AdminProperties {}

    public AdminProperties(String password) {
        this(password, null);
    }

    public boolean enabled() {
        return password != null && !password.isEmpty();
    }

    /** Whether a request that arrived on {@code localPort} may reach the admin routes and the admin login. */
    public boolean servedOn(int localPort) {
        return enabled() && (port == null || port == localPort);
    }

    @Override
    public String toString() {
        return "AdminProperties[password=" + (enabled() ? "<hidden>" : "unset") + ", port=" + port + "]";
    }
}
