package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The s3-bulk-restore REST API over HTTP, one method per route; any non-2xx answer is a {@link JobsApiException}. */
final class HttpJobsApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Job ids are UUIDs; anything else would change the path it is put in. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** A 2xx answer: its status, its body as sent, and that body parsed. */
    record Answer(int status, String body, JsonNode json) {
    }

    private final HttpClient http;
    private final ApiEndpoint endpoint;
    private final String base;

    HttpJobsApi(HttpClient http, ApiEndpoint endpoint) {
        this.http = http;
        this.endpoint = endpoint;
        String url = endpoint.url().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static boolean isJobId(String id) {
        return JOB_ID.matcher(id).matches();
    }

    Answer create(ObjectNode body, Optional<String> idempotencyKey) {
        HttpRequest.Builder request = request("/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        return send(request.build(), "/jobs");
    }

    Answer get(String jobId) {
        return send(request(jobPath(jobId, "")).GET().build(), jobPath(jobId, ""));
    }

    Answer list(Optional<String> status, Optional<String> pageToken, int limit) {
        List<String> query = new ArrayList<>();
        status.ifPresent(s -> query.add("status=" + encode(s)));
        pageToken.ifPresent(token -> query.add("page_token=" + encode(token)));
        query.add("limit=" + limit);
        return send(request("/jobs?" + String.join("&", query)).GET().build(), "/jobs");
    }

    Answer confirm(String jobId) {
        return send(request(jobPath(jobId, "/confirm")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                jobPath(jobId, "/confirm"));
    }

    Answer cancel(String jobId) {
        return send(request(jobPath(jobId, "/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                jobPath(jobId, "/cancel"));
    }

    private static String jobPath(String jobId, String action) {
        if (!isJobId(jobId)) {
            throw new IllegalArgumentException("not a job id: " + jobId);
        }
        return "/jobs/" + jobId + action;
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("x-api-key", endpoint.apiKey());
    }

    private Answer send(HttpRequest request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw JobsApiException.unreachable("could not reach the API at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JobsApiException.unreachable("interrupted waiting for " + request.method() + " " + path, e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw JobsApiException.answered(response.statusCode(), json, request.method(), path);
        }
        return new Answer(response.statusCode(), response.body(), json);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
