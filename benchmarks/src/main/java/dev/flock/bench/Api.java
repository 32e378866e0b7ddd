package dev.flock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Flock's HTTP API, as the benchmark uses it. */
final class Api {

    /** A 2xx answer's body, or the status of another. */
    record Answer(int status, JsonNode body) {

        boolean is(int expected) {
            return status == expected;
        }

        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    Api(String base) {
        this.base = base.replaceAll("/$", "");
    }

    Answer register(String username, String password) throws IOException, InterruptedException {
        return post("/api/v1/accounts", null, Map.of("username", username, "password", password));
    }

    Answer token(String username, String password) throws IOException, InterruptedException {
        return post("/api/v1/auth/token", null, Map.of("username", username, "password", password));
    }

    Answer byUsername(String username) throws IOException, InterruptedException {
        return get("/api/v1/accounts/by-username/" + username, null);
    }

    Answer follow(String token, String accountId) throws IOException, InterruptedException {
        return post("/api/v1/accounts/me/following", token, Map.of("accountId", accountId));
    }

    Answer post(String token, String text) throws IOException, InterruptedException {
        return post("/api/v1/posts", token, Map.of("text", text));
    }

    Answer command(String commandId) throws IOException, InterruptedException {
        return get("/api/v1/commands/" + commandId, null);
    }

    Answer homeTimeline(String token, int limit) throws IOException, InterruptedException {
        return get("/api/v1/timelines/home?limit=" + limit, token);
    }

    Answer liveness() throws IOException, InterruptedException {
        return get("/actuator/health/liveness", null);
    }

    private Answer get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET().build());
    }

    private Answer post(String path, String token, Object body) throws IOException, InterruptedException {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        JsonNode json = body.length == 0 || response.statusCode() >= 300 ? JSON.nullNode() : JSON.readTree(body);
        if (response.statusCode() == 429) {
            throw new IllegalStateException("429 from " + request.uri()
                    + ": the rate limits are on; start the stack with FLOCK_RATE_LIMIT_ENABLED=false");
        }
        return new Answer(response.statusCode(), json);
    }
}
