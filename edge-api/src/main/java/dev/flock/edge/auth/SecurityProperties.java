package dev.flock.edge.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secret   signs access tokens and command ids; the same on every edge replica, at least 32 characters
 * @param tokenTtl how long an access token is valid
 */
@ConfigurationProperties("flock.security")
public record SecurityProperties(String secret, @DefaultValue("1h") Duration tokenTtl) {

    public SecurityProperties {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("flock.security.secret (FLOCK_SECURITY_SECRET) needs 32+ characters");
        }
    }

    /** A key for one purpose, derived from the secret, so that no two uses share a key. */
    public SecretKeySpec key(String purpose) {
        SecretKeySpec master = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return new SecretKeySpec(Hmac.sha256(master, purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }
}
