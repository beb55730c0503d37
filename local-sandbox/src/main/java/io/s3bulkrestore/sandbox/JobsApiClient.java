package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A small client of the REST API over real HTTP, as a user's script would call it (the demo and the end-to-end tests). */
public final class JobsApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private final String apiKey;

    public JobsApiClient(URI api, String apiKey) {
        this.api = api;
        this.apiKey = apiKey;
    }

    /** A response: its status and its body as JSON (an empty object when the body was not JSON). */
    public record Response(int status, JsonNode body, String rawBody) {

        public String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    public Response createJob(String jsonBody, Optional<String> idempotencyKey) {
        HttpRequest.Builder request = request("/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        return send(request.build());
    }

    public Response getJob(String jobId) {
        return send(request("/jobs/" + jobId).GET().build());
    }

    public Response listJobs(String query) {
        return send(request("/jobs" + (query.isEmpty() ? "" : "?" + query)).GET().build());
    }

    public Response cancelJob(String jobId) {
        return send(request("/jobs/" + jobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public Response confirmJob(String jobId) {
        return send(request("/jobs/" + jobId + "/confirm").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30)).header("x-api-key", apiKey);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body;
            try {
                body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = JSON.createObjectNode();
            }
            return new Response(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox API did not answer " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
