package dev.flock.edge.auth;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.edge.EdgeWebTest;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Issue 10, finding 1: an admin token is good only for the admin password configured now. */
@EdgeWebTest(StandInRoutes.class)
@Import(StandInRoutes.class)
@TestPropertySource(properties = "flock.admin.password=" + AdminTokenTests.PASSWORD)
class AdminTokenTests {

    static final String PASSWORD = "the admin password configured now";

    @Autowired
    MockMvc mvc;

    @Autowired
    SecurityProperties security;

    @Autowired
    JwtEncoder encoder;

    @Test
    void anAdminTokenIssuedForTheAdminPasswordConfiguredNowReachesTheAdminRoutes() throws Exception {
        mvc.perform(get("/api/v1/admin/dead-letters").header("Authorization", "Bearer " + adminToken(PASSWORD)))
                .andExpect(status().isOk());
    }

    @Test
    void anAdminTokenIssuedBeforeTheAdminPasswordChangedIsUnauthorized() throws Exception {
        mvc.perform(get("/api/v1/admin/dead-letters")
                        .header("Authorization", "Bearer " + adminToken("the admin password of last week")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void anAdminTokenIssuedWhileNoAdminPasswordWasSetIsUnauthorized() throws Exception {
        mvc.perform(get("/api/v1/admin/dead-letters").header("Authorization", "Bearer " + adminToken(null)))
                .andExpect(status().isUnauthorized());
    }

    private String adminToken(String password) {
        return new Tokens(encoder, security, new AdminProperties(password), Clock.systemUTC())
                .forAdmin()
                .accessToken();
    }
}
