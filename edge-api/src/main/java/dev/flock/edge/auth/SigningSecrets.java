package dev.flock.edge.auth;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What a signing secret must be: 256 bits at least (RFC 7518 for HS256), not a value anyone can read in this
 * repository or its history, not a placeholder. Checked when the edge starts, so a weak secret never signs a token.
 */
public final class SigningSecrets {

    public static final int MIN_BYTES = 32;

    /** Values that shipped in this repository (configuration, compose files, examples) and so are public. */
    static final Set<String> KNOWN = Set.of(
            "local-development-only-secret-do-not-use-in-production",
            "change-me-to-a-random-secret-of-at-least-32-characters");

    /** Words of placeholders and examples; a real random secret does not contain them. */
    private static final Set<String> PLACEHOLDER_WORDS =
            Set.of("change-me", "changeme", "do-not-use", "placeholder", "example", "secret-of-at-least");

    private static final int MIN_DISTINCT_CHARACTERS = 8;

    private SigningSecrets() {}

    /** @throws IllegalArgumentException saying why, without the value */
    public static void requireStrong(String name, String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(name + " is not set. Generate one, e.g. `openssl rand -base64 48`"
                    + " (bin/flock up does so itself, under var/secrets/).");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new IllegalArgumentException(name + " is shorter than " + MIN_BYTES * 8 + " bits (" + MIN_BYTES
                    + " bytes); generate one, e.g. `openssl rand -base64 48`.");
        }
        String lower = secret.toLowerCase(Locale.ROOT);
        if (KNOWN.contains(secret) || PLACEHOLDER_WORDS.stream().anyMatch(lower::contains)) {
            throw new IllegalArgumentException(
                    name + " is a published or placeholder value; anyone could sign tokens with it. Generate one.");
        }
        if (secret.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            throw new IllegalArgumentException(name + " is not random (fewer than " + MIN_DISTINCT_CHARACTERS
                    + " distinct characters); generate one.");
        }
    }
}
