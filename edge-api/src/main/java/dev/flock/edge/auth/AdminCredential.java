package dev.flock.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ties admin tokens to the admin password: a token carries a keyed fingerprint of the password it was issued for, so
 * a token issued before the password changed (or while none was set) is refused. The fingerprint is keyed with the
 * signing secret: a token seen in a log is no offline oracle for the password.
 */
final class AdminCredential {

    static final String PURPOSE = "flock admin password";

    private final AdminProperties admin;
    private final SecurityProperties security;

    AdminCredential(AdminProperties admin, SecurityProperties security) {
        this.admin = admin;
        this.security = security;
    }

    boolean enabled() {
        return admin.enabled();
    }

    /** Checks the admin password in constant time. */
    boolean matches(String password) {
        return admin.enabled()
                && MessageDigest.isEqual(
                        password.getBytes(StandardCharsets.UTF_8),
                        admin.password().getBytes(StandardCharsets.UTF_8));
    }

    /** For a new admin token: the fingerprint of the password configured now, under the current key; null if none. */
    String fingerprint() {
        return admin.enabled() ? fingerprint(security.key(PURPOSE)) : null;
    }

    /** Whether an admin token's fingerprint is that of the password configured now (under any verifying key). */
    boolean issuedFor(String fingerprint) {
        if (!admin.enabled() || fingerprint == null) {
            return false;
        }
        byte[] given = fingerprint.getBytes(StandardCharsets.US_ASCII);
        return security.keys(PURPOSE).stream()
                .anyMatch(key -> MessageDigest.isEqual(given, fingerprint(key).getBytes(StandardCharsets.US_ASCII)));
    }

    private String fingerprint(SecretKeySpec key) {
        byte[] mac = Hmac.sha256(key, admin.password().getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, 16));
    }
}
