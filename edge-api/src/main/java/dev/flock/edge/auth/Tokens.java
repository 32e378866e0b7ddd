package dev.flock.edge.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Signed JWT access tokens: the subject is the account id; the scope says user or admin; {@code jti} names the token,
 * {@code aud} the API it is for, the header's {@code kid} the key that signed it (see {@link TokenKeys}).
 */
@Component
class Tokens {

    static final String ISSUER = "flock";
    static final String AUDIENCE = "flock-api";
    static final String USER_SCOPE = "user";
    static final String ADMIN_SCOPE = "admin";
    static final String ADMIN_CREDENTIAL_CLAIM = "admin_credential";

    record Token(String accessToken, String tokenType, long expiresIn) {}

    private final JwtEncoder encoder;
    private final SecurityProperties properties;
    private final AdminCredential admin;
    private final String keyId;
    private final Clock clock;

    Tokens(JwtEncoder encoder, SecurityProperties properties, AdminProperties admin, Clock clock) {
        this.encoder = encoder;
        this.properties = properties;
        this.admin = new AdminCredential(admin, properties);
        this.keyId = TokenKeys.currentKeyId(properties);
        this.clock = clock;
    }

    Token forAccount(String accountId, String username) {
        return issue(claims(accountId, username, USER_SCOPE).build());
    }

    Token forAdmin() {
        JwtClaimsSet.Builder claims = claims(AdminProperties.USERNAME, AdminProperties.USERNAME, ADMIN_SCOPE);
        String fingerprint = admin.fingerprint();
        if (fingerprint != null) {
            claims.claim(ADMIN_CREDENTIAL_CLAIM, fingerprint);
        }
        return issue(claims.build());
    }

    private JwtClaimsSet.Builder claims(String subject, String username, String scope) {
        Instant now = clock.instant();
        return JwtClaimsSet.builder()
                .id(UUID.randomUUID().toString())
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject(subject)
                .claim("username", username)
                .claim("scope", scope)
                .issuedAt(now)
                .expiresAt(now.plus(properties.tokenTtl()));
    }

    private Token issue(JwtClaimsSet claims) {
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).keyId(keyId).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new Token(token, "Bearer", properties.tokenTtl().toSeconds());
    }
}
