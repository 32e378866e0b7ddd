package dev.flock.edge.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.testsupport.GeneratedTestSecrets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 10, finding 1: the edge does not start with a secret anyone could know or guess. */
class SigningSecretsTests {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aMissingSecretIsRefused(String secret) {
        assertThatThrownBy(() -> new SecurityProperties(secret, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not set");
    }

    @Test
    void aSecretShorterThan256BitsIsRefused() {
        String short31Bytes = GeneratedTestSecrets.newSecret().substring(0, 31);

        assertThatThrownBy(() -> new SecurityProperties(short31Bytes, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than 256 bits");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ForgedTokens.FORMER_DEFAULT_SECRET,
                "change-me-to-a-random-secret-of-at-least-32-characters",
                "please-change-me-before-going-to-production-0123456789"
            })
    void aSecretPublishedInTheRepositoryOrAPlaceholderIsRefused(String secret) {
        assertThatThrownBy(() -> new SecurityProperties(secret, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("published or placeholder")
                .hasMessageNotContaining(secret);
    }

    @Test
    void aLongSecretOfFewDistinctCharactersIsRefused() {
        assertThatThrownBy(() -> new SecurityProperties("ab".repeat(40), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not random");
    }

    @Test
    void aWeakPreviousSecretIsRefusedToo() {
        assertThatThrownBy(() -> new SecurityProperties(
                        GeneratedTestSecrets.newSecret(), ForgedTokens.FORMER_DEFAULT_SECRET, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("previous-secret");
    }

    @Test
    void aGeneratedSecretIsAccepted() {
        assertThatCode(() -> new SecurityProperties(GeneratedTestSecrets.newSecret(), Duration.ofHours(1)))
                .doesNotThrowAnyException();
    }
}
