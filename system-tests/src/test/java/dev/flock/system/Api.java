package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A client of Flock's HTTP API, as a user would write one. */
final class Api {

    /** An account of the test's own, signed in. */
    record Account(String id, String username, String token) {}

    record Response(int status, JsonNode body, HttpResponse<String> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static final String PASSWORD = "password one";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String baseUrl;

    Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Response get(String path, String token) {
        return send("GET", path, null, token);
    }

    Response post(String path, Object body, String token) {
        return send("POST", path, body, token);
    }

    Response delete(String path, String token) {
        return send("DELETE", path, null, token);
    }

    Response send(String method, String path, Object body, String token) {
        return send(method, path, body, token, null);
    }

    /**
     * @param idempotencyKey the {@code Idempotency-Key} header, or null for none
     * @throws UncheckedIOException when no answer came (the connection failed or timed out)
     */
    Response send(String method, String path, Object body, String token, String idempotencyKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(path.startsWith("http") ? path : baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : mapper.readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends a command, expects 202, and waits until its status is no longer PENDING. */
    JsonNode command(String method, String path, Object body, String token) {
        Response accepted = send(method, path, body, token);
        assertThat(accepted.status())
                .as("%s %s -> %s", method, path, accepted.body())
                .isEqualTo(202);
        return awaitOutcome(accepted.body().get("commandId").asText());
    }

    /** Polls the command's status until it is answered (200) and no longer PENDING. */
    JsonNode awaitOutcome(String commandId) {
        return await().atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .until(
                        () -> get("/commands/" + commandId, null),
                        status -> status.status() == 200
                                && !status.body().get("status").asText().equals("PENDING"))
                .body();
    }

    /** Registers an account and returns its id; the command must be APPLIED. */
    String register(String username, String password) {
        JsonNode outcome = command("POST", "/accounts", Map.of("username", username, "password", password), null);
        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        return outcome.get("resourceId").asText();
    }

    String token(String username, String password) {
        Response response = post("/auth/token", Map.of("username", username, "password", password), null);
        assertThat(response.status()).isEqualTo(200);
        return response.body().get("accessToken").asText();
    }

    /** Registers an account named {@code name} and a random suffix, waits until it is APPLIED, and signs it in. */
    Account newAccount(String name) {
        String username = name + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(username, PASSWORD);
        return new Account(id, username, token(username, PASSWORD));
    }

    /** Every item of a paged list, following the cursors to the end. */
    List<JsonNode> allItems(String path, String token) {
        List<JsonNode> items = new ArrayList<>();
        String next = null;
        do {
            Response page = get(path + "?limit=100" + (next == null ? "" : "&before=" + next), token);
            assertThat(page.status()).as("GET %s", path).isEqualTo(200);
            page.body().get("items").forEach(items::add);
            next = page.body().get("next").isNull()
                    ? null
                    : page.body().get("next").asText();
        } while (next != null);
        return items;
    }

    /** One field of every item of a paged list, e.g. the ids of a home timeline's posts. */
    List<String> allItems(String path, String token, String field) {
        return allItems(path, token).stream()
                .map(item -> item.get(field).asText())
                .toList();
    }
}
