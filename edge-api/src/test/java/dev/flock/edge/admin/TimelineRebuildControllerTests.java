package dev.flock.edge.admin;

import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.edge.EdgeWebTest;
import dev.flock.timelines.TimelineRebuild;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@EdgeWebTest(TimelineRebuildController.class)
@TestPropertySource(properties = "flock.admin.password=admin password of the test")
class TimelineRebuildControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TimelineRebuild rebuild;

    @Test
    void anAdminRebuildsEveryTimeline() throws Exception {
        given(rebuild.all(false)).willReturn(new TimelineRebuild.Report(3, 40, 2, 1, false, 12));

        mvc.perform(post("/api/v1/admin/timelines/rebuild").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accounts").value(3))
                .andExpect(jsonPath("$.dryRun").value(false));
    }

    @Test
    void aDryRunForOneAccountIsPassedOn() throws Exception {
        given(rebuild.one("01HZX", true)).willReturn(new TimelineRebuild.Rebuilt("01HZX", 5, 1, 0));

        mvc.perform(post("/api/v1/admin/timelines/rebuild")
                        .with(admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"accountId\":\"01HZX\",\"dryRun\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accountId").value("01HZX"))
                .andExpect(jsonPath("$.added").value(1));
    }

    @Test
    void aRebuildWhileRedisTimesOutIsRefusedForNowNotAnInternalError() throws Exception {
        // What Spring Data Redis throws while its client is still reconnecting after a Redis restart.
        given(rebuild.all(false)).willThrow(new QueryTimeoutException("Redis command timed out"));

        mvc.perform(post("/api/v1/admin/timelines/rebuild").with(admin()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.status").value(503));
    }

    @Test
    void anUnknownFieldIsABadRequest() throws Exception {
        mvc.perform(post("/api/v1/admin/timelines/rebuild")
                        .with(admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"account\":\"01HZX\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void anAccountTokenIsForbidden() throws Exception {
        mvc.perform(post("/api/v1/admin/timelines/rebuild")
                        .with(jwt().authorities(new SimpleGrantedAuthority("SCOPE_user"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void noTokenIsUnauthorized() throws Exception {
        mvc.perform(post("/api/v1/admin/timelines/rebuild")).andExpect(status().isUnauthorized());
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor admin() {
        return jwt().authorities(new SimpleGrantedAuthority("SCOPE_admin"));
    }
}
