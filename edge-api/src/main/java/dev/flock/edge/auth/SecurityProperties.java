package dev.flock.edge.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The edge's signing secrets. No default: outside the {@code local} profile the edge does not start without a strong
 * one (see {@link SigningSecrets}).
 *
 * @param secret         signs access tokens and command ids; the same on every edge replica, 256 bits at least
 * @param previousSecret during a rotation, the secret before {@code secret}: what it signed is still accepted, nothing
 *                       new is signed with it; unset otherwise
 * @param tokenTtl       how long an access token is valid
 */
@ConfigurationProperties("flock.security")
public record SecurityProperties(String secret, String previousSecret, Duration tokenTtl) {

    @ConstructorBinding
    public SecurityProperties(String secret, String previousSecret, @DefaultValue("1h") Duration tokenTtl) {
        SigningSecrets.requireStrong("flock.security.secret (FLOCK_SECURITY_SECRET)", secret);
        if (previousSecret != null && previousSecret.isBlank()) {
            previousSecret = null;
        }
        if (previousSecret != null) {
            SigningSecrets.requireStrong(
                    "flock.security.previous-secret (FLOCK_SECURITY_PREVIOUSSECRET)", previousSecret);
        }
        this.secret = secret;
        this.previousSecret = previousSecret;
        this.tokenTtl = tokenTtl;
    }

    public SecurityProperties(String secret, Duration tokenTtl) {
        this(secret, null, tokenTtl);
    }

    /** A key for one purpose, derived from the secret, so that no two uses share a key. Signs. */
    public SecretKeySpec key(String purpose) {
        return derive(secret, purpose);
    }

    /** The keys that verify for one purpose: the current one first, then the previous one during a rotation. */
    public List<SecretKeySpec> keys(String purpose) {
        List<SecretKeySpec> keys = new ArrayList<>(List.of(derive(secret, purpose)));
        if (previousSecret != null) {
            keys.add(derive(previousSecret, purpose));
        }
        return keys;
    }

    private static SecretKeySpec derive(String secret, String purpose) {
        SecretKeySpec master = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return new SecretKeySpec(Hmac.sha256(master, purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    @Override
    public String toString() {
        return "SecurityProperties[secret=<hidden>, previousSecret=" + (previousSecret == null ? "unset" : "<hidden>")
                + ", tokenTtl=" + tokenTtl + "]";
    }
}
