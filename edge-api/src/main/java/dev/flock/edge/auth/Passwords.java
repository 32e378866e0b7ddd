package dev.flock.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Base64;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * BCrypt, at the edge, so plaintext never enters the broker. The password is first hashed with SHA-256: BCrypt reads
 * only 72 bytes, and the SPEC allows 128 characters (up to 512 bytes of UTF-8).
 */
@Component
public class Passwords {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
    private final String decoy = bcrypt.encode(prehash("a decoy, so unknown users cost as much as known ones"));

    public String hash(String password) {
        return bcrypt.encode(prehash(password));
    }

    /** Checks a password; with a null hash (no such user) it spends the same time and fails. */
    public boolean matches(String password, String hash) {
        boolean matches = bcrypt.matches(prehash(password), hash == null ? decoy : hash);
        return hash != null && matches;
    }

    private static String prehash(String password) {
        try {
            byte[] normalized =
                    Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(normalized));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
