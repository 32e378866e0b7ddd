package dev.flock.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTests {

    private final Passwords passwords = new Passwords();

    @Test
    void theRightPasswordMatchesItsHashAndAnotherDoesNot() {
        String hash = passwords.hash("correct horse");

        assertThat(hash).startsWith("$2a$10$").doesNotContain("correct horse");
        assertThat(passwords.matches("correct horse", hash)).isTrue();
        assertThat(passwords.matches("correct horsE", hash)).isFalse();
    }

    @Test
    void passwordsLongerThanBcryptsSeventyTwoBytesAreHashedWhole() {
        String long1 = "\u00e9".repeat(100) + "1"; // 201 bytes of UTF-8
        String long2 = "\u00e9".repeat(100) + "2";

        assertThat(passwords.matches(long2, passwords.hash(long1))).isFalse();
        assertThat(passwords.matches(long1, passwords.hash(long1))).isTrue();
    }

    @Test
    void theSamePasswordInAnotherUnicodeFormMatches() {
        String composed = "caf\u00e9 au lait";
        String decomposed = "cafe\u0301 au lait";

        assertThat(passwords.matches(decomposed, passwords.hash(composed))).isTrue();
    }

    @Test
    void noHashNeverMatches() {
        assertThat(passwords.matches("anything", null)).isFalse();
    }
}
