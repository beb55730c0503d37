package io.s3bulkrestore.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.api.ApiSettings;
import io.s3bulkrestore.api.CreateJobHandler;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobLookup;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.model.JobId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's 405 promise, end to end: an HTTP request through the API Gateway stand-in (which serves
 * template.yaml's routes, ANY methods included) to the API function's real handler.
 */
class MethodNotAllowedThroughLocalApiTest {

    private static final String KEY = "local-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalApi api;

    MethodNotAllowedThroughLocalApiTest() {
        var jobs = new InMemoryJobStore();
        var batch = new RecordingBatchOperations();
        var manifests = new InMemoryManifestStore();
        var ingestQueue = new RecordingIngestQueue();
        var createJob = new CreateJob(jobs, manifests, batch, ingestQueue,
                2 * 1024 * 1024, new JobPolicy(Set.of("my-manifests"), 2.0), Clock.systemUTC(),
                () -> new JobId(UUID.randomUUID().toString()));
        var redrive = new RedriveIngest(jobs, new SubmitJob(jobs, manifests, batch, ingestQueue, 2 * 1024 * 1024));
        var handler = new CreateJobHandler(createJob, new JobLookup(jobs), new CancelJob(jobs, batch), redrive,
                ApiSettings.withDefaultLimits("arn:aws:sns:us-east-1:123456789012:topic"));
        api = LocalApi.start(0, KEY, handler);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @CsvSource({
            "DELETE, /jobs/5f0c3a9e-7b1d-4c2e-9a4f-000000000001, GET",
            "PUT,    /jobs,                                      'GET, POST'",
            "GET,    /create-job,                                POST",
            "GET,    /jobs/5f0c3a9e-7b1d-4c2e-9a4f-000000000001/cancel, POST",
            "PATCH,  /jobs/5f0c3a9e-7b1d-4c2e-9a4f-000000000001, GET"})
    void shouldAnswer405WithTheAllowedMethodsForAMethodAPathDoesNotServe(String method, String path, String allowed)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.endpoint() + path))
                .header("x-api-key", KEY).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(405);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(response.headers().firstValue("Allow")).hasValue(allowed);
    }

    @Test
    void shouldStillRefuseAWrongMethodWithoutTheApiKeyBeforeTheFunction() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.endpoint() + "/jobs"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("Forbidden");
    }
}
