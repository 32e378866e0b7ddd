package dev.flock.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.deadletters.DeadLetterQueues;
import dev.flock.edge.account.AccountReadModel;
import dev.flock.edge.command.CommandGateway;
import dev.flock.edge.command.CommandIds;
import dev.flock.edge.limit.RateLimits;
import dev.flock.edge.post.PostReadModel;
import dev.flock.edge.read.CacheProperties;
import dev.flock.edge.read.ReadCaches;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.edge.timeline.HomeTimelines;
import dev.flock.platform.command.CommandLogs;
import dev.flock.timelines.TimelineRebuild;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Issue 10, finding 9: generated hostile requests (methods, paths, headers and bodies, well-formed or not) at every
 * route of the edge, with every controller and HTTP rule in place and the stores behind them stubbed: the answer is
 * never a 5xx, and every error the edge writes is problem+json. (Form-encoded bodies are left out: MockMvc itself,
 * the client here, parses them and throws on malformed ones before the request is sent.)
 */
@EdgeWebTest
@Import(HostileRequestTests.Infrastructure.class)
class HostileRequestTests {

    static final int REQUESTS = 1000;

    /** The real components behind the controllers but the stores: tokens, passwords, limits, command ids, caches. */
    @TestConfiguration
    @EnableConfigurationProperties(CacheProperties.class)
    @ComponentScan(
            basePackages = "dev.flock.edge.auth",
            useDefaultFilters = false,
            includeFilters =
                    @ComponentScan.Filter(
                            type = FilterType.REGEX,
                            pattern = "dev\\.flock\\.edge\\.auth\\.(Tokens|Passwords|DeviceCookies)"))
    @Import({ReadCaches.class, RateLimits.class, CommandIds.class})
    static class Infrastructure {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway commands;

    @MockitoBean
    AccountReadModel accounts;

    @MockitoBean
    PostReadModel posts;

    @MockitoBean
    HomeTimelines timelines;

    @MockitoBean
    TimelineRebuild rebuild;

    @MockitoBean
    CommandLogs commandLogs;

    @MockitoBean
    ReadCircuitBreaker breaker;

    @MockitoBean
    DeadLetterQueues deadLetters;

    record HostileRequest(
            String method, String path, String contentType, String idempotencyKey, String auth, byte[] body) {

        @Override
        public String toString() {
            return method + " " + path + " Content-Type=" + contentType + " Idempotency-Key=" + idempotencyKey
                    + " Authorization=" + auth + " body=" + new String(body, StandardCharsets.UTF_8);
        }
    }

    @Test
    void generatedHostileRequestsNeverGetA5xxAndErrorsAreProblems() throws Exception {
        List<HostileRequest> requests =
                requests().sampleStream().limit(REQUESTS).toList();
        for (HostileRequest request : requests) {
            MockHttpServletResponse response =
                    mvc.perform(build(request)).andReturn().getResponse();

            assertThat(response.getStatus()).as("%s", request).isLessThan(500);
            if (response.getStatus() >= 400 && response.getContentLength() > 0) {
                assertThat(response.getContentType()).as("%s", request).startsWith("application/problem+json");
            }
        }
    }

    private static MockHttpServletRequestBuilder build(HostileRequest request) {
        MockHttpServletRequestBuilder builder = MockMvcRequestBuilders.request(
                        request.method(), URI.create("http://localhost" + request.path()))
                .content(request.body());
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.idempotencyKey() != null) {
            builder.header("Idempotency-Key", request.idempotencyKey());
        }
        if (request.auth() != null) {
            builder.header("Authorization", request.auth());
        }
        return builder;
    }

    static Arbitrary<HostileRequest> requests() {
        return Combinators.combine(
                        Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"),
                        paths(),
                        Arbitraries.of(
                                        "application/json",
                                        "application/json; charset=UTF-16",
                                        "text/plain",
                                        "application/xml",
                                        "multipart/form-data; boundary=x",
                                        "*/*",
                                        ";;;")
                                .injectNull(0.1),
                        hostileText(0, 80).injectNull(0.6),
                        Arbitraries.oneOf(
                                        hostileText(0, 60).map(token -> "Bearer " + token),
                                        Arbitraries.of(
                                                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2NvcGUiOiJhZG1pbiJ9.",
                                                "Basic YWRtaW46YWRtaW4=",
                                                "Bearer"))
                                .injectNull(0.5),
                        bodies())
                .as(HostileRequest::new);
    }

    /** The edge's routes, with hostile segments where ids and names go, and some paths of no route. */
    static Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                hostileText(0, 40).map(HostileRequestTests::encodeSegment),
                Arbitraries.of("01HZZZZZZZZZZZZZZZZZZZZZZZ", "..", "%2e%2e", "%2F", "me", "admin", "x".repeat(3000)));
        Arbitrary<String> query = Arbitraries.of(
                "",
                "?limit=-1",
                "?limit=99999999999999999999",
                "?limit=ten",
                "?before=%25%25",
                "?before=" + "A".repeat(500),
                "?limit=5&before=AAAA",
                "?limit=1&limit=2");
        return Combinators.combine(
                        Arbitraries.of(
                                "/api/v1/accounts",
                                "/api/v1/accounts/{}",
                                "/api/v1/accounts/by-username/{}",
                                "/api/v1/accounts/{}/followers",
                                "/api/v1/accounts/{}/following",
                                "/api/v1/accounts/{}/posts",
                                "/api/v1/accounts/me",
                                "/api/v1/accounts/me/following",
                                "/api/v1/accounts/me/following/{}",
                                "/api/v1/posts",
                                "/api/v1/posts/{}",
                                "/api/v1/commands/{}",
                                "/api/v1/timelines/home",
                                "/api/v1/auth/token",
                                "/api/v1/admin/dead-letters",
                                "/api/v1/admin/dead-letters/{}",
                                "/api/v1/admin/dead-letters/{}/replay",
                                "/api/v1/{}",
                                "/{}"),
                        segment,
                        query)
                .as((template, value, parameters) -> template.replace("{}", value) + parameters);
    }

    static Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                jsonValues(4).map(json -> json.getBytes(StandardCharsets.UTF_8)),
                Combinators.combine(
                                Arbitraries.of(
                                        "username",
                                        "password",
                                        "displayName",
                                        "bio",
                                        "text",
                                        "accountId",
                                        "limit",
                                        "messageIds",
                                        "ratePerSecond",
                                        "dryRun",
                                        "type",
                                        "__proto__"),
                                jsonValues(2))
                        .as((field, value) -> ("{\"" + field + "\":" + value + "}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of(
                                "{\"text\":\"a\",\"text\":\"b\"}",
                                "{\"text\":\"a\"} trailing",
                                "[".repeat(5000),
                                "{\"username\":\"bob_1\",\"password\":\"correct horse\"}",
                                "{\"text\":\"\\ud800\"}",
                                "{\"accountId\":1e999999}",
                                "")
                        .map(text -> text.getBytes(StandardCharsets.UTF_8)));
    }

    /** JSON values up to {@code depth} levels deep: scalars of every kind, arrays, objects. */
    static Arbitrary<String> jsonValues(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1e308", "-0.0", "12345678901234567890123"),
                Arbitraries.integers().map(String::valueOf),
                hostileText(0, 400).map(HostileRequestTests::jsonString));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> inner = jsonValues(depth - 1);
        return Arbitraries.oneOf(
                scalars,
                inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                Combinators.combine(hostileText(0, 12).map(HostileRequestTests::jsonString), inner)
                        .as((key, value) -> key + ":" + value)
                        .list()
                        .ofMaxSize(4)
                        .map(members -> "{" + String.join(",", members) + "}"));
    }

    /** Text of every kind: ASCII, control characters, unpaired surrogates, right-to-left marks, emoji. */
    static Arbitrary<String> hostileText(int min, int max) {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(min).ofMaxLength(max),
                Arbitraries.strings().ascii().ofMinLength(min).ofMaxLength(max),
                Arbitraries.strings()
                        .withChars('\u0000', '\n', '\r', '"', '\\', '\u202e', '\uffff', '\ud800', '\udc00', '%', '/')
                        .withCharRange('\u0001', '\u001f')
                        .ofMinLength(min)
                        .ofMaxLength(max),
                Arbitraries.of("🐦", "${jndi:ldap://x}", "'; DROP TABLE x;--", "{\"$gt\":\"\"}", "<script>", "admin"));
    }

    private static String encodeSegment(String text) {
        return text.chars()
                .mapToObj(c -> Character.isLetterOrDigit(c) && c < 128
                        ? String.valueOf((char) c)
                        : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length == 0
                                ? ""
                                : percentEncode(new String(Character.toChars(c))))
                .collect(Collectors.joining());
    }

    private static String percentEncode(String character) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
            encoded.append('%').append(String.format("%02X", b & 0xff));
        }
        return encoded.toString();
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
