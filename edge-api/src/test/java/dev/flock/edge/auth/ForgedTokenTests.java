package dev.flock.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.edge.EdgeWebTest;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Issue 10, finding 1: a token is only as good as the secret that signs it. The tests run with a secret generated for
 * this test context (as {@code bin/flock up} generates one per installation); nothing in the repository signs tokens.
 */
@EdgeWebTest(StandInRoutes.class)
@Import(StandInRoutes.class)
class ForgedTokenTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    SecurityProperties security;

    @Autowired
    JwtEncoder encoder;

    @Autowired
    JwtDecoder decoder;

    @Test
    void aUserTokenSignedWithTheFormerDefaultSecretIsUnauthorized() throws Exception {
        String forged = ForgedTokens.sign(ForgedTokens.FORMER_DEFAULT_SECRET, "01HZZZZZZZZZZZZZZZZZZZZZZZ", "user");

        mvc.perform(newPost().header("Authorization", "Bearer " + forged)).andExpect(status().isUnauthorized());
    }

    @Test
    void anAdminTokenSignedWithTheFormerDefaultSecretDoesNotReachTheAdminRoutes() throws Exception {
        String forged = ForgedTokens.sign(ForgedTokens.FORMER_DEFAULT_SECRET, "admin", "admin");

        mvc.perform(get("/api/v1/admin/dead-letters").header("Authorization", "Bearer " + forged))
                .andExpect(status().isNotFound());
    }

    /** No admin password configured: no admin login, and no admin route, whatever a token says. */
    @Test
    void withoutAnAdminPasswordTheAdminRoutesAreNotFoundEvenForAnAdminTokenSignedWithTheRealSecret() throws Exception {
        String admin = new Tokens(encoder, security, new AdminProperties(null), Clock.systemUTC())
                .forAdmin()
                .accessToken();

        mvc.perform(get("/api/v1/admin/dead-letters").header("Authorization", "Bearer " + admin))
                .andExpect(status().isNotFound());
    }

    @Test
    void anAccessTokenCarriesAnIdAnAudienceAndTheIdOfItsKey() {
        String token = new Tokens(encoder, security, new AdminProperties(null), Clock.systemUTC())
                .forAccount("01HZZZZZZZZZZZZZZZZZZZZZZZ", "alice")
                .accessToken();

        Jwt jwt = decoder.decode(token);

        assertThat(jwt.getId()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(jwt.getAudience()).containsExactly(Tokens.AUDIENCE);
        assertThat(jwt.getHeaders().get("kid")).isEqualTo(TokenKeys.keyId(security.key(TokenKeys.PURPOSE)));
    }

    private static MockHttpServletRequestBuilder newPost() {
        return post("/api/v1/posts").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"hi\"}");
    }
}
