package dev.flock.edge.auth;

import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * What a signed token must also say to be accepted: issued by Flock for this API ({@code iss}, {@code aud}), with an
 * id ({@code jti}), not expired; and an admin token, that it was issued for the admin password configured now.
 */
final class TokenValidation {

    private static final OAuth2Error INVALID = new OAuth2Error("invalid_token", "The token is not valid here.", null);

    private TokenValidation() {}

    static OAuth2TokenValidator<Jwt> validator(AdminCredential admin) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                JwtValidators.createDefaultWithIssuer(Tokens.ISSUER),
                new JwtClaimValidator<List<String>>(
                        "aud", audience -> audience != null && audience.contains(Tokens.AUDIENCE)),
                new JwtClaimValidator<String>("jti", id -> id != null && !id.isBlank()),
                token -> adminTokenStillValid(token, admin)));
    }

    private static OAuth2TokenValidatorResult adminTokenStillValid(Jwt token, AdminCredential admin) {
        if (!Tokens.ADMIN_SCOPE.equals(token.getClaimAsString("scope"))) {
            return OAuth2TokenValidatorResult.success();
        }
        return admin.issuedFor(token.getClaimAsString(Tokens.ADMIN_CREDENTIAL_CLAIM))
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(INVALID);
    }
}
