package dev.flock.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.flock.edge.EdgeWebTest;
import dev.flock.edge.limit.RateLimits;
import jakarta.servlet.http.Cookie;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 10, finding 4: the login limits hold under concurrency (an attempt is counted before the password is checked,
 * not after), and logins cost bcrypt time, so every login counts against its client address.
 */
@EdgeWebTest(TokenController.class)
@Import({Passwords.class, Tokens.class, DeviceCookies.class, RateLimits.class, LoginLimitTests.Clocks.class})
class LoginLimitTests {

    @TestConfiguration
    static class Clocks {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    static final String USERNAME = "victim";
    static final String PASSWORD = "correct horse";

    @Autowired
    MockMvc mvc;

    @Autowired
    Passwords passwords;

    @MockitoBean
    AccountCredentials accounts;

    @BeforeEach
    void anAccount() {
        String hash = passwords.hash(PASSWORD);
        when(accounts.credentials(anyString()))
                .thenAnswer(call -> USERNAME.equalsIgnoreCase(call.getArgument(0))
                        ? Optional.of(new AccountCredentials.Credentials("01HZZZZZZZZZZZZZZZZZZZZZZZ", USERNAME, hash))
                        : Optional.empty());
    }

    @Test
    void thirtyConcurrentWrongLoginsForOneUsernameGetAtMostFiveUnauthorizedAndTheRestTooManyRequests()
            throws Exception {
        Map<Integer, Long> statuses = concurrently(30, i -> login(USERNAME, "wrong guess " + i, "203.0.113." + i));

        assertThat(statuses.getOrDefault(401, 0L)).isLessThanOrEqualTo(5);
        assertThat(statuses.getOrDefault(401, 0L) + statuses.getOrDefault(429, 0L))
                .as("every answer is 401 or 429: %s", statuses)
                .isEqualTo(30);
    }

    /**
     * The targeted lockout and its standard mitigation (OWASP's device cookies): five wrong guesses by anyone lock the
     * username for clients it does not know, but not for a client that logged in to it before and keeps the cookie.
     */
    @Test
    void whileGuessesLockAUsernameItsOwnerLogsInWithTheDeviceCookieOfAnEarlierLogin() throws Exception {
        String username = "owner";
        when(accounts.credentials("owner"))
                .thenReturn(Optional.of(new AccountCredentials.Credentials(
                        "01HYYYYYYYYYYYYYYYYYYYYYYY", username, passwords.hash(PASSWORD))));
        MockHttpServletResponse earlier = attempt(username, PASSWORD, "198.51.100.7", null);
        Cookie device = earlier.getCookie(DeviceCookies.NAME);
        assertThat(device).isNotNull();
        assertThat(device.isHttpOnly()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(login(username, "guess " + i, "203.0.113.66")).isEqualTo(401);
        }
        assertThat(login(username, PASSWORD, "203.0.113.66"))
                .as("a client without the cookie")
                .isEqualTo(429);

        assertThat(attempt(username, PASSWORD, "198.51.100.8", device).getStatus())
                .isEqualTo(200);
    }

    @Test
    void theDeviceCookieOfAnotherUsernameDoesNotExemptAClient() throws Exception {
        when(accounts.credentials("other"))
                .thenReturn(Optional.of(new AccountCredentials.Credentials(
                        "01HXXXXXXXXXXXXXXXXXXXXXXX", "other", passwords.hash(PASSWORD))));
        Cookie othersDevice = attempt("other", PASSWORD, "198.51.100.9", null).getCookie(DeviceCookies.NAME);
        for (int i = 0; i < 5; i++) {
            attempt("victim2", "guess " + i, "203.0.113.67", null);
        }
        when(accounts.credentials("victim2")).thenReturn(Optional.empty());

        assertThat(attempt("victim2", "guess", "203.0.113.67", othersDevice).getStatus())
                .isEqualTo(429);
    }

    private int login(String username, String password, String address) {
        return attempt(username, password, address, null).getStatus();
    }

    private MockHttpServletResponse attempt(String username, String password, String address, Cookie device) {
        try {
            var request = post("/api/v1/auth/token")
                    .with(call -> {
                        call.setRemoteAddr(address);
                        return call;
                    })
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
            if (device != null) {
                request.cookie(device);
            }
            return mvc.perform(request).andReturn().getResponse();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code n} requests at once (released together) and counts the answers by status. */
    private static Map<Integer, Long> concurrently(int n, Function<Integer, Integer> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(threads.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        } finally {
            threads.shutdownNow();
        }
    }
}
