package dev.flock.edge.limit;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.edge.EdgeWebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issue 10, finding 4: a login or a registration costs a bcrypt computation, so each counts against its client
 * address, successful or not: one client cannot keep the edge's processors busy. Stand-in routes take the requests
 * where the token and account controllers would, so only the limit decides.
 */
@EdgeWebTest(PasswordCheckLimitTests.StandInRoutes.class)
@Import(PasswordCheckLimitTests.StandInRoutes.class)
@TestPropertySource(properties = "flock.rate-limit.password-checks-per-address=3")
class PasswordCheckLimitTests {

    @RestController
    static class StandInRoutes {

        @PostMapping("/api/v1/auth/token")
        ResponseEntity<String> login() {
            return ResponseEntity.ok("{}");
        }

        @PostMapping("/api/v1/accounts")
        ResponseEntity<String> register() {
            return ResponseEntity.accepted().body("{}");
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void successfulLoginsOverTheAddressLimitAreRefusedWith429AndRetryAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            from("198.51.100.1", "/api/v1/auth/token").andExpect(status().isOk());
        }

        from("198.51.100.1", "/api/v1/auth/token")
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));
    }

    @Test
    void registrationsAndLoginsShareTheAddressLimit() throws Exception {
        from("198.51.100.2", "/api/v1/accounts").andExpect(status().isAccepted());
        from("198.51.100.2", "/api/v1/accounts").andExpect(status().isAccepted());
        from("198.51.100.2", "/api/v1/auth/token").andExpect(status().isOk());

        from("198.51.100.2", "/api/v1/accounts").andExpect(status().isTooManyRequests());
    }

    @Test
    void anotherAddressHasItsOwnAllowance() throws Exception {
        for (int i = 0; i < 4; i++) {
            from("198.51.100.3", "/api/v1/auth/token");
        }

        from("198.51.100.4", "/api/v1/auth/token").andExpect(status().isOk());
    }

    private ResultActions from(String address, String path) throws Exception {
        return mvc.perform(post(path)
                .with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                })
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"));
    }
}
