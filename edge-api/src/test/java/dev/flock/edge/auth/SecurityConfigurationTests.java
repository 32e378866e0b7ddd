package dev.flock.edge.auth;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.edge.EdgeWebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * SPEC: a missing or bad token on a protected route is a 401, a valid token without the needed role a 403, both as
 * problem+json. Stand-in routes answer where the posting and dead-letter controllers would, so only the rules decide.
 */
@EdgeWebTest(StandInRoutes.class)
@Import(StandInRoutes.class)
@TestPropertySource(properties = "flock.admin.password=admin-password-for-tests")
class SecurityConfigurationTests {

    @Autowired
    MockMvc mvc;

    @Test
    void aUserRouteWithoutATokenIsUnauthorized() throws Exception {
        expectUnauthorized(mvc.perform(newPost()));
    }

    @Test
    void aUserRouteWithATokenThatDoesNotVerifyIsUnauthorized() throws Exception {
        expectUnauthorized(mvc.perform(newPost().header("Authorization", "Bearer not.a.token")));
    }

    @Test
    void aUserRouteWithAUserTokenIsAllowed() throws Exception {
        mvc.perform(newPost().with(token("user"))).andExpect(status().isAccepted());
    }

    @Test
    void aUserRouteWithAnAdminTokenIsForbidden() throws Exception {
        expectForbidden(mvc.perform(newPost().with(token("admin"))));
    }

    @Test
    void anAdminRouteWithoutATokenIsUnauthorized() throws Exception {
        expectUnauthorized(mvc.perform(get("/api/v1/admin/dead-letters")));
    }

    @Test
    void anAdminRouteWithAUserTokenIsForbidden() throws Exception {
        expectForbidden(mvc.perform(get("/api/v1/admin/dead-letters").with(token("user"))));
        expectForbidden(mvc.perform(post("/api/v1/admin/dead-letters/post-worker.commands.dlq/replay")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}")
                .with(token("user"))));
    }

    @Test
    void anAdminRouteWithAnAdminTokenIsLetThrough() throws Exception {
        mvc.perform(get("/api/v1/admin/dead-letters").with(token("admin"))).andExpect(status().isOk());
    }

    private static MockHttpServletRequestBuilder newPost() {
        return post("/api/v1/posts").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"hi\"}");
    }

    private static RequestPostProcessor token(String scope) {
        return jwt().jwt(token -> token.subject("someone").claim("username", "someone"))
                .authorities(new SimpleGrantedAuthority("SCOPE_" + scope));
    }

    private static void expectUnauthorized(ResultActions response) throws Exception {
        response.andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
    }

    private static void expectForbidden(ResultActions response) throws Exception {
        response.andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403));
    }
}
