package dev.flock.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The edge's HTTP API as a client sees it, for tests that run the edge on a port. */
final class EdgeClient {

    record Response(int status, JsonNode json, HttpResponse<String> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The fields named in a validation problem's {@code errors}. */
        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json.get("errors").forEach(error -> fields.add(error.get("field").asText()));
            return fields;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final int port;

    EdgeClient(int port) {
        this.port = port;
    }

    /** Logs in and returns the bearer token. */
    String token(String username, String password) {
        Response response = post("/auth/token", json(Map.of("username", username, "password", password)), null);
        assertThat(response.status()).as("login of %s", username).isEqualTo(200);
        assertThat(response.json().get("tokenType").asText()).isEqualTo("Bearer");
        return response.json().get("accessToken").asText();
    }

    Response get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token, null);
    }

    Response post(String path, String body, String token) {
        return post(path, body, token, null);
    }

    Response post(String path, String body, String token, String idempotencyKey) {
        return send(withBody("POST", path, body), token, idempotencyKey);
    }

    Response patch(String path, String body, String token) {
        return send(withBody("PATCH", path, body), token, null);
    }

    Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), token, null);
    }

    Response send(HttpRequest.Builder request, String token, String idempotencyKey) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = send(request.build());
        try {
            JsonNode json = response.body().isBlank() ? null : mapper.readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A path under {@code /api/v1}. */
    URI uri(String path) {
        return URI.create("http://localhost:" + port + "/api/v1" + path);
    }

    /** A path from the server's root, outside the API. */
    URI root(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder withBody(String method, String path, String body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
}
