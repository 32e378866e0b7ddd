package dev.flock.edge.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param password the admin login's password ({@code FLOCK_ADMIN_PASSWORD}); unset, there is no admin login */
@ConfigurationProperties("flock.admin")
public record AdminProperties(String password) {

    public static final String USERNAME = "admin";

    public boolean enabled() {
        return password != null && !password.isEmpty();
    }
}
