package dev.flock.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.flock.edge.EdgeWebTest;
import dev.flock.edge.limit.RateLimits;
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
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 10, finding 4: the login limits hold under concurrency (an attempt is counted before the password is checked,
 * not after), and logins cost bcrypt time, so every login counts against its client address.
 */
@EdgeWebTest(TokenController.class)
@Import({Passwords.class, Tokens.class, RateLimits.class, LoginLimitTests.Clocks.class})
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

    private int login(String username, String password, String address) {
        try {
            return mvc.perform(post("/api/v1/auth/token")
                            .with(request -> {
                                request.setRemoteAddr(address);
                                return request;
                            })
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                    .andReturn()
                    .getResponse()
                    .getStatus();
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
