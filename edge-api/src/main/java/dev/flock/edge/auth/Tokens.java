package dev.flock.edge.auth;

import java.time.Clock;
import java.time.Instant;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Signed JWT access tokens: the subject is the account id; the scope says user or admin. */
@Component
class Tokens {

    static final String ISSUER = "flock";
    static final String USER_SCOPE = "user";
    static final String ADMIN_SCOPE = "admin";

    record Token(String accessToken, String tokenType, long expiresIn) {}

    private final JwtEncoder encoder;
    private final SecurityProperties properties;
    private final Clock clock;

    Tokens(JwtEncoder encoder, SecurityProperties properties, Clock clock) {
        this.encoder = encoder;
        this.properties = properties;
        this.clock = clock;
    }

    Token forAccount(String accountId, String username) {
        return issue(accountId, username, USER_SCOPE);
    }

    Token forAdmin() {
        return issue(AdminProperties.USERNAME, AdminProperties.USERNAME, ADMIN_SCOPE);
    }

    private Token issue(String subject, String username, String scope) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(subject)
                .claim("username", username)
                .claim("scope", scope)
                .issuedAt(now)
                .expiresAt(now.plus(properties.tokenTtl()))
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new Token(token, "Bearer", properties.tokenTtl().toSeconds());
    }
}
