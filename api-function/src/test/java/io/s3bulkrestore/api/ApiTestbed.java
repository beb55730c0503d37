package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.jobs.ConfirmJob;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobLookup;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.logging.TestLambdaContext;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.ports.JobStore;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The handler wired to in-memory fakes, with a fixed clock and predictable job ids. */
final class ApiTestbed {

    /** In-memory stores and a fixed clock: nothing here acts on real time, so a fixed instant is safe. */
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:s3-bulk-restore-notifications";
    static final String BUCKET = "my-manifests";
    static final String OTHER_BUCKET = "other-manifests";
    static final String KEY = "restores/q3.csv";
    static final String EMPTY_KEY = "restores/empty.csv";
    static final long CHUNK_BYTES = 8L * 1024 * 1024;
    /** The bucket of the README's source job example. */
    static final String SOURCE_BUCKET = "my-archive";
    static final String REQUEST_ID = "c0ffee00-1234-4abc-9def-0123456789ab";

    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryJobStore jobs = new InMemoryJobStore(new InMemoryRestoreLedger());
    final InMemoryManifestStore manifests = new InMemoryManifestStore()
            .put(BUCKET, KEY, "my-data,photos/2019/img%201.jpg\nmy-data,photos/2019/img%202.jpg\n")
            .put(OTHER_BUCKET, KEY, "my-data,videos/a.mp4\n")
            .put(BUCKET, EMPTY_KEY, "");
    final RecordingBatchOperations batch = new RecordingBatchOperations();
    final RecordingIngestQueue ingestQueue = new RecordingIngestQueue();
    private final AtomicInteger ids = new AtomicInteger();
    final CreateJobHandler handler;

    ApiTestbed() {
        this(null, ApiSettings.DEFAULT_MAX_BODY_BYTES);
    }

    ApiTestbed(int maxBodyBytes) {
        this(null, maxBodyBytes);
    }

    /** @param store a job store to use instead of {@link #jobs}, for failure tests */
    ApiTestbed(JobStore store, int maxBodyBytes) {
        JobStore jobStore = store == null ? jobs : store;
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var policy = new JobPolicy(Set.of(BUCKET, OTHER_BUCKET, SOURCE_BUCKET), 2.0);
        var grouped = new GroupedBatchOperations(batch);
        var sourceJobs = new SourceJobs(jobStore, grouped, manifests, ingestQueue, policy, clock, CHUNK_BYTES);
        var createJob = new CreateJob(jobStore, manifests, grouped, ingestQueue, CHUNK_BYTES, policy, clock,
                () -> new JobId(jobId(ids.incrementAndGet())),
                new CreateJob.Waiting(sourceJobs, "my-reports", "batch-reports", java.time.Duration.ofDays(7)));
        var redrive = new RedriveIngest(jobStore, new SubmitJob(jobStore, manifests, grouped, ingestQueue, CHUNK_BYTES));
        handler = new CreateJobHandler(new JobsEndpoints(createJob, new JobLookup(jobStore),
                new CancelJob(jobStore, grouped), redrive, java.util.Optional.of(new ConfirmJob(jobStore, sourceJobs, clock)),
                new ApiSettings(TOPIC_ARN, maxBodyBytes)));
    }

    /** The id the n-th created job gets (1-based). */
    static String jobId(int n) {
        return String.format("5f0c3a9e-7b1d-4c2e-9a4f-%012d", n);
    }

    String manifestEtag(String bucket, String key) {
        return manifests.head(bucket, key).orElseThrow().etag();
    }

    Response send(ApiEvents request) {
        return send(request.build());
    }

    Response send(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, new TestLambdaContext(REQUEST_ID));
        return new Response(response.getStatusCode(), response.getHeaders(), response.getBody(), json(response.getBody()));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as a JSON string literal. */
    static String jsonString(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    record Response(int status, Map<String, String> headers, String text, JsonNode body) {

        JsonNode error() {
            return body.path("error");
        }
    }
}
