package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.ports.JobStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.s3bulkrestore.api.ApiTestbed.BUCKET;
import static io.s3bulkrestore.api.ApiTestbed.KEY;
import static io.s3bulkrestore.api.ApiTestbed.NOW;
import static io.s3bulkrestore.api.ApiTestbed.TOPIC_ARN;
import static io.s3bulkrestore.api.ApiTestbed.jobId;
import static io.s3bulkrestore.api.ApiTestbed.json;
import static org.assertj.core.api.Assertions.assertThat;

class CreateJobHandlerTest {

    static final String CREATE_BODY = """
            {"bucket":"my-manifests","key":"restores/q3.csv","tier":"BULK","expiration_days":7,"client_tag":"q3-audit"}""";

    private final ApiTestbed api = new ApiTestbed();

    private String createdBody(int n) {
        return """
                {"SNSTopic":"%s","BulkJobId":"%s","BatchOperation":{"JobId":"batch-%d"},
                 "JobId":"%s","BatchJobId":"batch-%d","Status":"Restoring"}"""
                .formatted(TOPIC_ARN, jobId(n), n, jobId(n), n);
    }

    private String jobView(int n, String extra) {
        return """
                {"JobId":"%s","BatchJobId":"batch-%d","Status":"Restoring","ClientTag":"q3-audit","Tier":"BULK",
                 "Storage":"GLACIER","ExpirationDays":7,
                 "Manifest":{"Bucket":"my-manifests","Key":"restores/q3.csv","ETag":%s},
                 "Source":null,"Copy":null,"Confirm":"auto","Quote":null,"BatchJobs":[],
                 "CreatedAt":"2026-11-23T10:00:00Z","Deadline":"2026-11-27T10:00:00Z",
                 "TotalObjects":null,"RestoredObjects":0,"FailedObjects":0,"SkippedObjects":0,"CopiedObjects":null,"CopyFailedObjects":null,"PendingObjects":null,
                 "ProgressPercent":null,"InvalidLines":null,"InvalidLineSamples":[],"BatchStatus":null,"CancelRequested":%s,"FailureReason":null,
                 "ReportUri":null}"""
                .formatted(jobId(n), n, ApiTestbed.jsonString(api.manifestEtag(BUCKET, KEY)), extra);
    }

    private ApiTestbed.Response create() {
        return api.send(ApiEvents.post("/jobs", CREATE_BODY));
    }

    static java.util.List<MalformedRequests.Row> malformedRequests() {
        return MalformedRequests.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void shouldRefuseAMalformedRequestWithoutWritingAnything(MalformedRequests.Row row) {
        // When
        var response = api.send(row.request());

        // Then
        assertThat(response.status()).as("status").isEqualTo(row.status());
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        assertThat(response.body().properties()).extracting(Map.Entry::getKey).containsExactly("error");
        assertThat(response.error().path("code").asText()).isEqualTo(row.code());
        if (row.field() == null) {
            assertThat(response.error().has("field")).as("field present").isFalse();
        } else {
            assertThat(response.error().path("field").asText()).isEqualTo(row.field());
        }
        if (row.mentions() != null) {
            assertThat(response.error().path("message").asText()).contains(row.mentions());
        }
        assertThat(api.jobs.createdCount()).as("jobs created").isZero();
        assertThat(api.batch.createRequests()).as("batch jobs requested").isEmpty();
        assertThat(api.batch.cancelRequests()).as("batch jobs cancelled").isEmpty();
    }

    @Test
    void shouldKeepTheMalformedRequestTableLargeEnoughToMeanSomething() {
        assertThat(MalformedRequests.rows()).hasSizeGreaterThanOrEqualTo(35)
                .extracting(MalformedRequests.Row::name).doesNotHaveDuplicates();
    }

    @Nested
    class CreatingAJob {

        @Test
        void shouldAnswer201WithTheSeedFieldsAndOursAndALocation() {
            // When
            var response = create();

            // Then
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.body()).isEqualTo(json(createdBody(1)));
            assertThat(response.headers()).containsEntry("Content-Type", "application/json")
                    .containsEntry("Location", "/jobs/" + jobId(1));
            assertThat(api.jobs.createdCount()).isEqualTo(1);
            assertThat(api.batch.createRequests()).singleElement()
                    .satisfies(job -> assertThat(job.request().expirationDays()).isEqualTo(7));
        }

        @Test
        void shouldAcceptTheSeedPathAsAnAlias() {
            var response = api.send(ApiEvents.post("/create-job", CREATE_BODY));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.body()).isEqualTo(json(createdBody(1)));
        }

        @Test
        void shouldApplyTheDefaultsToAMinimalBody() {
            var response = api.send(ApiEvents.post("/jobs",
                    "{\"bucket\":\"my-manifests\",\"key\":\"restores/q3.csv\",\"expiration_days\":1}"));

            assertThat(response.status()).isEqualTo(201);
            Job job = api.jobs.find(new JobId(jobId(1))).orElseThrow();
            assertThat(job.request().tier().name()).isEqualTo("STANDARD");
            assertThat(job.request().storage().name()).isEqualTo("GLACIER");
            assertThat(job.deadline()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        }

        @Test
        void shouldAcceptIntelligentTieringWithoutExpirationDays() {
            var response = api.send(ApiEvents.post("/jobs",
                    "{\"bucket\":\"my-manifests\",\"key\":\"restores/q3.csv\",\"storage\":\"INTELLIGENT_TIERING\"}"));

            assertThat(response.status()).isEqualTo(201);
        }

        @Test
        void shouldReturnTheSameBodyWith200ForARetryUnderTheSameIdempotencyKey() {
            // Given
            var first = api.send(ApiEvents.post("/jobs", CREATE_BODY).header("Idempotency-Key", "q3-audit:2026.11_23"));

            // When
            var retry = api.send(ApiEvents.post("/jobs", CREATE_BODY).header("idempotency-key", "q3-audit:2026.11_23"));

            // Then
            assertThat(first.status()).isEqualTo(201);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.text()).isEqualTo(first.text());
            assertThat(retry.headers()).containsEntry("Location", "/jobs/" + jobId(1));
            assertThat(api.batch.batchJobCount()).isEqualTo(1);
            assertThat(api.jobs.createdCount()).isEqualTo(1);
        }

        @Test
        void shouldRefuseADifferentBodyUnderAUsedIdempotencyKeyWith409() {
            api.send(ApiEvents.post("/jobs", CREATE_BODY).header("Idempotency-Key", "k-1"));

            var response = api.send(ApiEvents.post("/jobs", CREATE_BODY.replace("BULK", "STANDARD"))
                    .header("Idempotency-Key", "k-1"));

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.error().path("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
            assertThat(response.error().path("field").asText()).isEqualTo("Idempotency-Key");
            assertThat(api.batch.batchJobCount()).isEqualTo(1);
        }

        @Test
        void shouldFindTheIdempotencyKeyInTheMultiValueHeadersInAnyCase() {
            var event = ApiEvents.post("/jobs", CREATE_BODY).header("IDEMPOTENCY-KEY", "k-2").build();
            event.setHeaders(Map.of());

            api.send(event);

            assertThat(api.jobs.find(new JobId(jobId(1)))).get().extracting(Job::idempotencyKey).isEqualTo("k-2");
        }

        @Test
        void shouldDecodeABase64EncodedBody() {
            var response = api.send(ApiEvents.post("/jobs").base64OfText(CREATE_BODY));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.body()).isEqualTo(json(createdBody(1)));
        }

        @Test
        void shouldAcceptABodyOfExactlyTheLimit() {
            var small = new ApiTestbed(CREATE_BODY.length() + 3);

            var atLimit = small.send(ApiEvents.post("/jobs", CREATE_BODY + "   "));
            var overLimit = small.send(ApiEvents.post("/jobs", CREATE_BODY + "    "));

            assertThat(atLimit.status()).isEqualTo(201);
            assertThat(overLimit.status()).isEqualTo(413);
            assertThat(overLimit.error().path("message").asText())
                    .isEqualTo("body is %d bytes; the limit is %d bytes", CREATE_BODY.length() + 4, CREATE_BODY.length() + 3);
        }

        @Test
        void shouldAnswer502NamingTheRecordedJobWhichTheMonitorWillFinishSubmittingWhenBatchOperationsFails() {
            api.batch.failCreateRequests();

            var response = create();

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.error().path("code").asText()).isEqualTo("UPSTREAM_FAILED");
            assertThat(response.error().path("message").asText()).contains("TEST-REQUEST")
                    .contains("GET /jobs/" + jobId(1));
            assertThat(api.jobs.find(new JobId(jobId(1)))).get().extracting(Job::status).isEqualTo(JobStatus.SUBMITTING);
        }
    }

    @Nested
    class ReadingJobs {

        @Test
        void shouldShowEveryFieldOfAJobWithNullsForWhatIsNotKnownYet() {
            create();

            var response = api.send(ApiEvents.get("/jobs/" + jobId(1)));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(json(jobView(1, "false")));
        }

        @Test
        void shouldShowCountsPendingAndPercentOnceTheTotalIsKnown() {
            // Given a job the ingest worker and the monitor have moved on
            create();
            Job job = api.jobs.find(new JobId(jobId(1))).orElseThrow();
            api.jobs.put(new Job(job.id(), JobStatus.COMPLETE, job.request(), job.manifest(), job.createdAt(),
                    job.deadline(), null, job.batchJobId(), "Complete", null, false, 1000L, new JobCounts(990, 10),
                    "s3://reports/jobs/" + jobId(1) + "/results.csv"));

            // When
            var body = api.send(ApiEvents.get("/jobs/" + jobId(1))).body();

            // Then
            assertThat(body.path("Status").asText()).isEqualTo("Complete");
            assertThat(body.path("TotalObjects").asLong()).isEqualTo(1000);
            assertThat(body.path("RestoredObjects").asLong()).isEqualTo(990);
            assertThat(body.path("FailedObjects").asLong()).isEqualTo(10);
            assertThat(body.path("PendingObjects").asLong()).isZero();
            assertThat(body.path("ProgressPercent").asInt()).isEqualTo(100);
            assertThat(body.path("BatchStatus").asText()).isEqualTo("Complete");
            assertThat(body.path("ReportUri").asText()).endsWith("/results.csv");
        }

        @Test
        void shouldListBothBatchJobsOfAManifestJobWhoseIntelligentTieringArchiveObjectsAreFollowedUp() {
            // Given a GLACIER manifest job whose first batch job found Intelligent-Tiering archive objects
            create();
            JobId id = new JobId(jobId(1));
            api.jobs.recordFollowUpBatchJob(id, "batch-1", "batch-1,batch-9", 1L << 40);

            // When
            var body = api.send(ApiEvents.get("/jobs/" + jobId(1))).body();

            // Then the seed's field names the first; BatchJobs names both, each with the class it restores
            assertThat(body.path("BatchJobId").asText()).isEqualTo("batch-1");
            assertThat(body.path("BatchJobs")).isEqualTo(json("""
                    [{"StorageClass":"GLACIER","BatchJobId":"batch-1","Objects":null},
                     {"StorageClass":"INTELLIGENT_TIERING","BatchJobId":"batch-9","Objects":null}]"""));
        }

        @Test
        void shouldListJobsNewestFirstWithAPageToken() {
            // Given three jobs created at the same instant (ids break the tie, newest id first)
            create();
            create();
            create();

            // When
            var firstPage = api.send(ApiEvents.get("/jobs").query("limit", "2"));
            var secondPage = api.send(ApiEvents.get("/jobs").query("limit", "2")
                    .query("page_token", firstPage.body().path("NextPageToken").asText()));

            // Then
            assertThat(firstPage.status()).isEqualTo(200);
            assertThat(firstPage.body()).isEqualTo(json("""
                    {"Jobs":[%s,%s],"NextPageToken":"2"}""".formatted(jobView(3, "false"), jobView(2, "false"))));
            assertThat(secondPage.body()).isEqualTo(json("""
                    {"Jobs":[%s],"NextPageToken":null}""".formatted(jobView(1, "false"))));
        }

        @Test
        void shouldFilterTheListByStatus() {
            create();

            var restoring = api.send(ApiEvents.get("/jobs").query("status", "Restoring"));
            var complete = api.send(ApiEvents.get("/jobs").query("status", "Complete"));

            assertThat(restoring.body().path("Jobs")).hasSize(1);
            assertThat(complete.body()).isEqualTo(json("{\"Jobs\":[],\"NextPageToken\":null}"));
        }
    }

    @Nested
    class RedrivingAJob {

        @Test
        void shouldAnswer202QueueingAgainTheChunksWithoutASummary() {
            create();
            api.ingestQueue.drain(); // the chunk went to the DLQ: it was never ingested

            var response = api.send(ApiEvents.post("/jobs/" + jobId(1) + "/redrive"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body()).isEqualTo(json("{\"JobId\":\"" + jobId(1)
                    + "\",\"Status\":\"Restoring\",\"RedrivenChunks\":[0]}"));
            assertThat(api.ingestQueue.sent()).extracting(task -> task.chunkNumber()).containsExactly(0);
        }

        @Test
        void shouldAnswer409ForAFinishedJobAnd404ForAnUnknownOne() {
            create();
            Job job = api.jobs.find(new JobId(jobId(1))).orElseThrow();
            api.jobs.put(job.withStatus(JobStatus.COMPLETE));

            var finished = api.send(ApiEvents.post("/jobs/" + jobId(1) + "/redrive"));
            var unknown = api.send(ApiEvents.post("/jobs/" + jobId(9) + "/redrive"));

            assertThat(finished.status()).isEqualTo(409);
            assertThat(finished.error().path("code").asText()).isEqualTo("INVALID_STATE");
            assertThat(unknown.status()).isEqualTo(404);
        }
    }

    @Nested
    class CancellingAJob {

        @Test
        void shouldAnswer202WithTheJobMarkedCancelRequested() {
            create();

            var response = api.send(ApiEvents.post("/jobs/" + jobId(1) + "/cancel"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body()).isEqualTo(json(jobView(1, "true")));
            assertThat(api.batch.cancelRequests()).containsExactly("batch-1");
        }

        @Test
        void shouldAnswer409WhenTheJobHasFinished() {
            create();
            Job job = api.jobs.find(new JobId(jobId(1))).orElseThrow();
            api.jobs.put(job.withStatus(JobStatus.COMPLETE));

            var response = api.send(ApiEvents.post("/jobs/" + jobId(1) + "/cancel"));

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.error().path("code").asText()).isEqualTo("INVALID_STATE");
            assertThat(api.batch.cancelRequests()).isEmpty();
        }
    }

    @Nested
    class Routing {

        @Test
        void shouldRouteOnTheResourceTemplateAndPathParameters() {
            create();
            var event = ApiEvents.get("/ignored").asResource("/jobs/{id}", Map.of("id", jobId(1))).build();

            assertThat(api.send(event).body().path("JobId").asText()).isEqualTo(jobId(1));
        }

        @Test
        void shouldRouteAGreedyProxyResourceOnItsProxyParameter() {
            create();
            var event = ApiEvents.request("POST", "/v1/jobs/" + jobId(1) + "/cancel")
                    .asResource("/{proxy+}", Map.of("proxy", "jobs/" + jobId(1) + "/cancel")).build();

            assertThat(api.send(event).status()).isEqualTo(202);
        }

        @Test
        void shouldIgnoreTheStageWhenThePathStartsWithIt() {
            create();

            var response = api.send(ApiEvents.get("/" + ApiEvents.STAGE + "/jobs/" + jobId(1)));

            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void shouldIgnoreATrailingSlash() {
            assertThat(api.send(ApiEvents.get("/jobs/")).status()).isEqualTo(200);
        }

        @Test
        void shouldNameTheAllowedMethodsWhenTheMethodIsWrong() {
            var response = api.send(ApiEvents.request("DELETE", "/jobs"));

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.headers()).containsEntry("Allow", "GET, POST")
                    .containsEntry("Content-Type", "application/json");
            assertThat(response.error().path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        }

        @Test
        void shouldHandleARealApiGatewayEventFixture() {
            var event = EventLoader.loadApiGatewayRestEvent("apigw/create-job-event.json");

            var response = api.send(event);

            assertThat(response.status()).isEqualTo(201);
            assertThat(api.jobs.find(new JobId(jobId(1)))).get().extracting(Job::idempotencyKey)
                    .isEqualTo("fixture-key-1");
        }
    }

    @Nested
    class UnexpectedFailures {

        @Test
        void shouldAnswer500WithTheRequestIdAndNoExceptionText() {
            var broken = new ApiTestbed(new BrokenJobStore(), ApiSettings.DEFAULT_MAX_BODY_BYTES);

            var response = broken.send(ApiEvents.get("/jobs/" + jobId(1)));

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.headers()).containsEntry("Content-Type", "application/json");
            assertThat(response.body()).isEqualTo(json("""
                    {"error":{"code":"INTERNAL","message":"internal error; if it persists, report request id %s"}}"""
                    .formatted(ApiTestbed.REQUEST_ID)));
            assertThat(response.text()).doesNotContain("secret").doesNotContain("Exception");
        }

        @Test
        void shouldNotFailWithoutALambdaContext() {
            var broken = new ApiTestbed(new BrokenJobStore(), ApiSettings.DEFAULT_MAX_BODY_BYTES);

            var response = broken.handler.handleRequest(ApiEvents.get("/jobs").build(), null);

            assertThat(response.getStatusCode()).isEqualTo(500);
        }
    }

    /** A store whose table is gone: every call fails the way an unexpected SDK error would. */
    private static final class BrokenJobStore implements JobStore {

        private static IllegalStateException failure() {
            return new IllegalStateException("secret table jobs-prod-7 is unreachable");
        }

        @Override
        public CreateOutcome create(Job job) {
            throw failure();
        }

        @Override
        public Optional<Job> find(JobId id) {
            throw failure();
        }

        @Override
        public JobPage list(Optional<JobStatus> status, Optional<String> pageToken, int limit) {
            throw failure();
        }

        @Override
        public Job recordSubmitted(JobId id, String batchJobId, int chunkCount) {
            throw failure();
        }

        @Override
        public Job recordFailed(JobId id, String reason) {
            throw failure();
        }

        @Override
        public Job recordSourceJobs(JobId id, String batchJobIds) {
            throw failure();
        }

        @Override
        public Job recordQuote(JobId id, io.s3bulkrestore.model.Quote quote,
                               io.s3bulkrestore.model.ManifestLocation listed) {
            throw failure();
        }

        @Override
        public Job recordConfirmRequested(JobId id) {
            throw failure();
        }

        @Override
        public Job recordStarted(JobId id, String batchJobIds, int chunkCount, java.time.Instant deadline) {
            throw failure();
        }

        @Override
        public Job recordCancelRequested(JobId id) {
            throw failure();
        }

        @Override
        public void requestFailure(JobId id, String reason) {
            throw failure();
        }

        @Override
        public java.util.List<Long> chunksWithoutSummary(JobId id) {
            throw failure();
        }
    }
}
