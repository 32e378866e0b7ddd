package dev.flock.edge.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The access-token keys, each named by a {@code kid} derived from it (the key itself never shows). Tokens are signed
 * with the current key; the previous key still verifies during a rotation, so a rotation logs nobody out.
 */
final class TokenKeys {

    static final String PURPOSE = "flock access tokens";

    private TokenKeys() {}

    /** A name for the key that says nothing about it: the first 9 bytes of an HMAC under the key itself. */
    static String keyId(SecretKeySpec key) {
        byte[] mac = Hmac.sha256(key, "kid".getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, 9));
    }

    static String currentKeyId(SecurityProperties properties) {
        return keyId(properties.key(PURPOSE));
    }

    static JwtEncoder encoder(SecurityProperties properties) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk(properties.key(PURPOSE)))));
    }

    /** Checks the signature only; the claims are {@link TokenValidation}'s. */
    static NimbusJwtDecoder decoder(SecurityProperties properties) {
        List<com.nimbusds.jose.jwk.JWK> keys = properties.keys(PURPOSE).stream()
                .map(TokenKeys::jwk)
                .map(key -> (com.nimbusds.jose.jwk.JWK) key)
                .toList();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableJWKSet<>(new JWKSet(keys))));
        // Spring's validators check the claims (expiry, issuer, audience...), with problem responses of its own.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return new NimbusJwtDecoder(processor);
    }

    private static OctetSequenceKey jwk(SecretKeySpec key) {
        return new OctetSequenceKey.Builder(key)
                .keyID(keyId(key))
                .algorithm(JWSAlgorithm.HS256)
                .build();
    }
}
