package dev.flock.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.testsupport.GeneratedTestSecrets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Rotating the signing secret with two keys: nobody is logged out at once, and the old key goes in the end. */
class TokenKeysTests {

    private final String oldSecret = GeneratedTestSecrets.newSecret();
    private final String newSecret = GeneratedTestSecrets.newSecret();

    @Test
    void duringARotationATokenSignedWithThePreviousSecretStillVerifies() {
        String issuedBefore = tokenSignedBy(new SecurityProperties(oldSecret, Duration.ofHours(1)));

        NimbusJwtDecoder rotating =
                TokenKeys.decoder(new SecurityProperties(newSecret, oldSecret, Duration.ofHours(1)));

        assertThat(rotating.decode(issuedBefore).getSubject()).isEqualTo("01HZZZZZZZZZZZZZZZZZZZZZZZ");
    }

    @Test
    void duringARotationNewTokensAreSignedWithTheNewSecretAndNamedByItsKeyId() {
        SecurityProperties rotating = new SecurityProperties(newSecret, oldSecret, Duration.ofHours(1));

        String issued = tokenSignedBy(rotating);

        NimbusJwtDecoder newOnly = TokenKeys.decoder(new SecurityProperties(newSecret, Duration.ofHours(1)));
        assertThat(newOnly.decode(issued).getHeaders().get("kid")).isEqualTo(TokenKeys.currentKeyId(rotating));
    }

    @Test
    void afterTheRotationATokenSignedWithTheOldSecretIsRefused() {
        String issuedBefore = tokenSignedBy(new SecurityProperties(oldSecret, Duration.ofHours(1)));

        NimbusJwtDecoder after = TokenKeys.decoder(new SecurityProperties(newSecret, Duration.ofHours(1)));

        assertThatThrownBy(() -> after.decode(issuedBefore)).isInstanceOf(JwtException.class);
    }

    @Test
    void aKeyIdDoesNotShowTheKey() {
        SecurityProperties properties = new SecurityProperties(newSecret, Duration.ofHours(1));

        String keyId = TokenKeys.currentKeyId(properties);

        assertThat(keyId).hasSize(12).doesNotContain(newSecret.substring(0, 8));
    }

    private static String tokenSignedBy(SecurityProperties properties) {
        return new Tokens(TokenKeys.encoder(properties), properties, new AdminProperties(null), Clock.systemUTC())
                .forAccount("01HZZZZZZZZZZZZZZZZZZZZZZZ", "alice")
                .accessToken();
    }
}
