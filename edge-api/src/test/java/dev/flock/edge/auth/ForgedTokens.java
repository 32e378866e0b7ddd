package dev.flock.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;

/**
 * What anyone who read the repository could do before issue 10: derive the token key from the secret that shipped in
 * {@code edge-api.yml} and the compose files, and sign any claims with it.
 */
final class ForgedTokens {

    /** The signing secret that used to ship in {@code edge-api.yml}, {@code docker-compose.yml} and the README. */
    static final String FORMER_DEFAULT_SECRET = "local-development-only-secret-do-not-use-in-production";

    private ForgedTokens() {}

    static String sign(String secret, String subject, String scope) {
        SecretKeySpec master = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        byte[] key = Hmac.sha256(master, "flock access tokens".getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("flock")
                .subject(subject)
                .claim("username", subject)
                .claim("scope", scope)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .build();
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            token.sign(new MACSigner(key));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
