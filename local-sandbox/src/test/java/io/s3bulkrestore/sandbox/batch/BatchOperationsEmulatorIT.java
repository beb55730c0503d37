package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations.CancelOutcome;
import io.s3bulkrestore.ports.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3control.model.JobListDescriptor;
import software.amazon.awssdk.services.s3control.model.JobStatus;
import software.amazon.awssdk.services.s3control.model.JobStatusException;
import software.amazon.awssdk.services.s3control.model.NotFoundException;
import software.amazon.awssdk.services.s3control.model.RequestedJobStatus;
import software.amazon.awssdk.services.s3control.model.S3ControlException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.ACCOUNT;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.DATA;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.MANIFESTS;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.REPORTS;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.ROLE;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.glacierJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The emulator driven only the way the project drives S3 Batch Operations: through the real
 * {@link S3ControlBatchOperations} adapter (and a raw S3ControlClient for ListJobs and malformed requests),
 * with moto as S3.
 */
class BatchOperationsEmulatorIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmulatorFixture MOTO = new EmulatorFixture();

    private static BatchEmulatorSettings fast() {
        return new BatchEmulatorSettings(0, Duration.ZERO, Duration.ofMillis(100));
    }

    // ---- a job to its end ----

    @Test
    void shouldRestoreTheArchivedObjectsOfACsvManifestAndReportEveryTask() throws Exception {
        // Given archived objects (keys with spaces, '+', unicode), one STANDARD object and one missing key
        MOTO.startEmulator(fast());
        List<String> glacier = List.of("photos/2026 summer/a b.jpg", "c++/notes+1.txt", "unicodé/日本語.txt");
        List<String> deepArchive = List.of("deep/one.bin", "deep/two.bin");
        glacier.forEach(key -> MOTO.put(key, StorageClass.GLACIER));
        deepArchive.forEach(key -> MOTO.put(key, StorageClass.DEEP_ARCHIVE));
        MOTO.put("hot/standard.txt", StorageClass.STANDARD);
        List<String> keys = new ArrayList<>(glacier);
        keys.addAll(deepArchive);
        keys.add("hot/standard.txt");
        keys.add("gone/missing.txt");
        Job job = glacierJob("job-csv-1", MOTO.csvManifest("csv-1.csv", keys));

        // When
        String batchJobId = MOTO.batch().createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY));
        BatchJobState state = MOTO.awaitEnd(batchJobId);

        // Then the job completes with exact counts
        assertThat(state.status()).isEqualTo(BatchStatus.COMPLETE);
        assertThat(state.totalTasks()).isEqualTo(7);
        assertThat(state.succeededTasks()).isEqualTo(5);
        assertThat(state.failedTasks()).isEqualTo(2);
        assertThat(state.failureReasons()).isEmpty();
        assertThat(state.reportBucket()).contains(REPORTS);
        assertThat(state.reportPrefix()).contains("batch-reports/job-csv-1");

        // and every archived object got its restore, with the days the job named
        for (String key : glacier) {
            assertThat(MOTO.head(key).restore()).contains("ongoing-request=\"false\"");
        }
        for (String key : deepArchive) {
            assertThat(MOTO.head(key).restore()).contains("expiry-date");
        }
        assertThat(MOTO.head("hot/standard.txt").restore()).isNull();

        // and the completion report lists each task in AWS's format
        String folder = "batch-reports/job-csv-1/job-" + batchJobId + "/";
        JsonNode manifest = JSON.readTree(MOTO.bytes(REPORTS, folder + "manifest.json"));
        assertThat(manifest.path("Format").asText()).isEqualTo("Report_CSV_20180820");
        assertThat(Instant.parse(manifest.path("ReportCreationDate").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(manifest.path("ReportSchema").asText())
                .isEqualTo("Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage");
        JsonNode results = manifest.path("Results");
        assertThat(results).hasSize(2);
        List<String> succeededRows = resultRows(results, "succeeded");
        List<String> failedRows = resultRows(results, "failed");
        assertThat(succeededRows).hasSize(5).allSatisfy(row -> assertThat(row).endsWith(",succeeded,202,,Successful"));
        assertThat(succeededRows).extracting(BatchOperationsEmulatorIT::decodedKeyOf)
                .containsExactlyInAnyOrderElementsOf(keys.subList(0, 5));
        assertThat(succeededRows).contains(DATA + ",c%2B%2B/notes%2B1.txt,,succeeded,202,,Successful");
        // moto refuses RestoreObject on a STANDARD object as AWS does: 403 InvalidObjectState; a missing key is NoSuchKey.
        assertThat(failedRows).containsExactlyInAnyOrder(
                DATA + ",hot/standard.txt,,failed,403,InvalidObjectState,The operation is not valid for the object's storage class",
                DATA + ",gone/missing.txt,,failed,404,NoSuchKey,The specified key does not exist.");

        // and ListJobs shows it among the completed jobs
        List<JobListDescriptor> listed = MOTO.s3Control().listJobs(b -> b.accountId(ACCOUNT)
                .jobStatuses(JobStatus.COMPLETE)).jobs();
        assertThat(listed).singleElement().satisfies(listedJob -> {
            assertThat(listedJob.jobId()).isEqualTo(batchJobId);
            assertThat(listedJob.statusAsString()).isEqualTo("Complete");
            assertThat(listedJob.operationAsString()).isEqualTo("S3InitiateRestoreObject");
            assertThat(listedJob.progressSummary().numberOfTasksFailed()).isEqualTo(2);
        });
        assertThat(MOTO.s3Control().listJobs(b -> b.accountId(ACCOUNT).jobStatuses(JobStatus.ACTIVE, JobStatus.FAILED))
                .jobs()).isEmpty();

        // and a finished job can no longer be cancelled
        assertThat(MOTO.batch().cancel(batchJobId)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
    }

    @Test
    void shouldRestoreTheObjectsOfAnInventoryReportWithGzippedDataFiles() throws Exception {
        // Given an inventory report: manifest.json naming one gzipped and one plain CSV data file (form-encoded keys)
        MOTO.startEmulator(fast());
        MOTO.put("inv/a b.txt", StorageClass.GLACIER);
        MOTO.put("inv/c+d.txt", StorageClass.DEEP_ARCHIVE);
        MOTO.put("inv/e.txt", StorageClass.GLACIER);
        MOTO.s3().putObject(b -> b.bucket(MANIFESTS).key("inventory/data/1.csv.gz"), RequestBody.fromBytes(gzip(
                "\"archive-data\",\"inv/a+b.txt\",\"12\",\"GLACIER\"\n\"archive-data\",\"inv/c%2Bd.txt\",\"5\",\"DEEP_ARCHIVE\"\n")));
        MOTO.s3().putObject(b -> b.bucket(MANIFESTS).key("inventory/data/2.csv"),
                RequestBody.fromString("\"archive-data\",\"inv/e.txt\",\"7\",\"GLACIER\"\n"));
        String manifestJson = """
                {"sourceBucket": "archive-data", "destinationBucket": "arn:aws:s3:::manifests", "version": "2016-11-30",
                 "creationTimestamp": "1763600000000", "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size, StorageClass",
                 "files": [{"key": "inventory/data/1.csv.gz", "size": 80, "MD5checksum": "x"},
                           {"key": "inventory/data/2.csv", "size": 40, "MD5checksum": "y"}]}
                """;
        String etag = MOTO.s3().putObject(b -> b.bucket(MANIFESTS).key("inventory/manifest.json"),
                RequestBody.fromString(manifestJson)).eTag();
        var request = new CreateJobRequest(MANIFESTS, "inventory/manifest.json", RestoreTier.STANDARD, 2,
                StorageFamily.GLACIER, ManifestFormat.INVENTORY, null);
        Job job = Job.submitting(new JobId("job-inv-1"), request,
                new ManifestLocation(MANIFESTS, "inventory/manifest.json", etag, manifestJson.length()),
                Instant.now(), Instant.now().plusSeconds(3600), null);

        // When
        String batchJobId = MOTO.batch().createRestoreJob(job, Optional.empty());
        BatchJobState state = MOTO.awaitEnd(batchJobId);

        // Then
        assertThat(state.status()).isEqualTo(BatchStatus.COMPLETE);
        assertThat(state.totalTasks()).isEqualTo(3);
        assertThat(state.succeededTasks()).isEqualTo(3);
        assertThat(MOTO.head("inv/a b.txt").restore()).contains("expiry-date");
        assertThat(MOTO.head("inv/c+d.txt").restore()).contains("expiry-date");
        assertThat(MOTO.head("inv/e.txt").restore()).contains("expiry-date");
    }

    // ---- failing jobs ----

    @Test
    void shouldFailTheJobWithAReasonWhenTheManifestNoLongerHasItsETag() throws Exception {
        // Given a manifest that changed after its ETag was taken
        MOTO.startEmulator(fast());
        MOTO.put("x.txt", StorageClass.GLACIER);
        ManifestLocation original = MOTO.csvManifest("changing.csv", List.of("x.txt"));
        MOTO.csvManifest("changing.csv", List.of("x.txt", "y.txt"));

        // When
        String batchJobId = MOTO.batch().createRestoreJob(glacierJob("job-etag-1", original),
                Optional.of(ManifestColumns.BUCKET_KEY));
        BatchJobState state = MOTO.awaitEnd(batchJobId);

        // Then
        assertThat(state.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(state.failureReasons()).singleElement().asString()
                .startsWith("ManifestFailure: Reading the manifest failed: the ETag of arn:aws:s3:::manifests/changing.csv")
                .contains(ManifestLocationEtag.bare(original.etag()));
        assertThat(state.totalTasks()).isZero();
        assertThat(MOTO.head("x.txt").restore()).isNull();
        assertThat(MOTO.s3().listObjectsV2(b -> b.bucket(REPORTS)).contents()).isEmpty();
    }

    @Test
    void shouldFailAJobWhoseTasksFailMoreThanHalfTheTimeOnceAThousandHaveRun() throws Exception {
        // Given 1,200 tasks: 700 keys that do not exist, then 300 archived objects, then 200 more missing keys
        MOTO.startEmulator(fast());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            keys.add("bulk/missing-" + i);
        }
        List<String> present = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            present.add("bulk/present-" + i);
        }
        present.parallelStream().forEach(key -> MOTO.put(key, StorageClass.GLACIER));
        keys.addAll(present);
        for (int i = 700; i < 900; i++) {
            keys.add("bulk/missing-" + i);
        }

        // When
        String batchJobId = MOTO.batch().createRestoreJob(glacierJob("job-rate-1", MOTO.csvManifest("rate.csv", keys)),
                Optional.of(ManifestColumns.BUCKET_KEY));
        BatchJobState state = MOTO.awaitEnd(batchJobId);

        // Then the job runs on while fewer than 1,000 tasks were attempted (70 % failed after 999 of them) and
        // fails at task 1,000, the first point where AWS's threshold applies; tasks already under way then
        // (up to TASKS_AT_ONCE - 1 of the missing keys after it) still end, and none starts after that
        long inFlight = JobRunner.TASKS_AT_ONCE - 1;
        assertThat(state.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(state.totalTasks()).isEqualTo(1200);
        assertThat(state.succeededTasks()).isEqualTo(300);
        assertThat(state.failedTasks()).isBetween(700L, 700L + inFlight);
        assertThat(state.failureReasons()).singleElement().asString().startsWith("TaskFailureRateExceeded: ");
        // and the report covers exactly the tasks that ran
        JsonNode manifest = JSON.readTree(MOTO.bytes(REPORTS,
                "batch-reports/job-rate-1/job-" + batchJobId + "/manifest.json"));
        assertThat(resultRows(manifest.path("Results"), "failed")).hasSize((int) state.failedTasks());
        assertThat(resultRows(manifest.path("Results"), "succeeded")).hasSize(300);
    }

    @Test
    void shouldFailTheTaskThatMeetsARestoreInProgressWithS3sCodeAsAwsReportsIt() throws Exception {
        // Given a manifest listing one archived object twice, and restores that stay in progress for an hour
        MOTO.startEmulator(new BatchEmulatorSettings(0, Duration.ofHours(1), Duration.ofMillis(100)));
        String key = "twice/a b+c.txt";
        MOTO.put(key, StorageClass.GLACIER);
        Job job = glacierJob("job-twice-1", MOTO.csvManifest("twice.csv", List.of(key, key)));

        // When
        String batchJobId = MOTO.batch().createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY));
        BatchJobState state = MOTO.awaitEnd(batchJobId);

        // Then one task started the restore and the other failed with S3's 409, as in a real completion report
        assertThat(state.status()).isEqualTo(BatchStatus.COMPLETE);
        assertThat(state.succeededTasks()).isEqualTo(1);
        assertThat(state.failedTasks()).isEqualTo(1);
        JsonNode results = JSON.readTree(MOTO.bytes(REPORTS,
                "batch-reports/job-twice-1/job-" + batchJobId + "/manifest.json")).path("Results");
        String encoded = CompletionReport.encodeKey(key);
        assertThat(resultRows(results, "succeeded")).containsExactly(DATA + "," + encoded + ",,succeeded,202,,Successful");
        assertThat(resultRows(results, "failed")).containsExactly(
                DATA + "," + encoded + ",,failed,409,RestoreAlreadyInProgress,Object restore is already in progress");
    }

    @Test
    void shouldCompleteAShortJobEvenWhenMostOfItsTasksFail() {
        // Given fewer than 1,000 tasks, all failing
        MOTO.startEmulator(fast());
        List<String> keys = List.of("none-1", "none-2", "none-3");

        // When
        BatchJobState state = MOTO.awaitEnd(MOTO.batch().createRestoreJob(
                glacierJob("job-short-1", MOTO.csvManifest("short.csv", keys)), Optional.of(ManifestColumns.BUCKET_KEY)));

        // Then
        assertThat(state.status()).isEqualTo(BatchStatus.COMPLETE);
        assertThat(state.failedTasks()).isEqualTo(3);
    }

    // ---- cancel, idempotency ----

    @Test
    void shouldStopInitiatingRestoresOnceCancelled() throws Exception {
        // Given a slow job of 100 archived objects
        MOTO.startEmulator(new BatchEmulatorSettings(40, Duration.ZERO, Duration.ofMillis(100)));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String key = "slow/object-" + i;
            MOTO.put(key, StorageClass.GLACIER);
            keys.add(key);
        }
        String batchJobId = MOTO.batch().createRestoreJob(
                glacierJob("job-cancel-1", MOTO.csvManifest("slow.csv", keys)), Optional.of(ManifestColumns.BUCKET_KEY));
        MOTO.awaitState(batchJobId, s -> s.succeededTasks() >= 5);

        // When
        CancelOutcome outcome = MOTO.batch().cancel(batchJobId);
        BatchJobState state = MOTO.awaitEnd(batchJobId);

        // Then
        assertThat(outcome).isEqualTo(CancelOutcome.CANCELLING);
        assertThat(state.status()).isEqualTo(BatchStatus.CANCELLED);
        long attempted = state.succeededTasks() + state.failedTasks();
        assertThat(attempted).isBetween(5L, 99L);
        Thread.sleep(300);
        assertThat(keys.stream().filter(key -> MOTO.head(key).restore() != null).count()).isEqualTo(attempted);
        // and a retried cancel still reads as cancelling, not finished
        assertThat(MOTO.batch().cancel(batchJobId)).isEqualTo(CancelOutcome.CANCELLING);
        // and the report holds the tasks that ran
        JsonNode manifest = JSON.readTree(MOTO.bytes(REPORTS,
                "batch-reports/job-cancel-1/job-" + batchJobId + "/manifest.json"));
        assertThat(resultRows(manifest.path("Results"), "succeeded")).hasSize((int) attempted);
    }

    @Test
    void shouldAnswerARetriedCreateWithTheSameJob() {
        // Given
        MOTO.startEmulator(new BatchEmulatorSettings(5, Duration.ZERO, Duration.ofMillis(100)));
        MOTO.put("again.txt", StorageClass.GLACIER);
        Job job = glacierJob("job-idem-1", MOTO.csvManifest("again.csv", List.of("again.txt")));

        // When
        String first = MOTO.batch().createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY));
        String second = MOTO.batch().createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY));

        // Then
        assertThat(second).isEqualTo(first);
        assertThat(MOTO.s3Control().listJobs(b -> b.accountId(ACCOUNT)).jobs()).extracting(JobListDescriptor::jobId)
                .containsExactly(first);
        assertThat(MOTO.awaitEnd(first).succeededTasks()).isEqualTo(1);
    }

    // ---- restore completion events ----

    @Test
    void shouldCompleteRestoresAfterTheRestoreSpanWithS3sCompletedEvents() throws Exception {
        // Given restore events of the data bucket routed to a queue, and restores that take about a second
        MOTO.startEmulator(new BatchEmulatorSettings(0, Duration.ofMillis(1500), Duration.ofMillis(100)));
        try (SqsClient sqs = MOTO.motoClients().sqs()) {
            String queueUrl = sqs.createQueue(b -> b.queueName("restore-events")).queueUrl();
            String queueArn = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":restore-events";
            MOTO.s3().putBucketNotificationConfiguration(b -> b.bucket(DATA).notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.queueArn(queueArn).eventsWithStrings("s3:ObjectRestore:*"))));
            MOTO.put("events/one.txt", StorageClass.GLACIER);
            MOTO.put("events/two.txt", StorageClass.DEEP_ARCHIVE);

            // When
            Instant created = Instant.now();
            String batchJobId = MOTO.batch().createRestoreJob(glacierJob("job-events-1",
                    MOTO.csvManifest("events.csv", List.of("events/one.txt", "events/two.txt"))),
                    Optional.of(ManifestColumns.BUCKET_KEY));
            assertThat(MOTO.awaitEnd(batchJobId).succeededTasks()).isEqualTo(2);
            List<String> posted = new ArrayList<>();
            List<String> completed = new ArrayList<>();
            Instant firstCompleted = null;
            Instant giveUp = Instant.now().plusSeconds(15);
            while (completed.size() < 2 && Instant.now().isBefore(giveUp)) {
                for (var message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    JsonNode records = JSON.readTree(message.body()).path("Records");
                    for (JsonNode record : records) {
                        String key = record.path("s3").path("object").path("key").asText();
                        switch (record.path("eventName").asText()) {
                            case "ObjectRestore:Post" -> posted.add(key);
                            case "ObjectRestore:Completed" -> {
                                completed.add(key);
                                firstCompleted = firstCompleted == null ? Instant.now() : firstCompleted;
                            }
                            default -> { }
                        }
                    }
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }

            // Then S3 announced each restore, and finished it after half the span at the earliest
            assertThat(posted).hasSize(2);
            assertThat(completed).hasSize(2);
            assertThat(completed.stream().map(key -> ObjectId.decodeKey(key, ObjectId.KeyEncoding.FORM)))
                    .containsExactlyInAnyOrder("events/one.txt", "events/two.txt");
            assertThat(Duration.between(created, firstCompleted)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
            assertThat(MOTO.emulator().restoresPending()).isZero();
        }
    }

    // ---- refused requests ----

    @Test
    void shouldRefuseMalformedRequestsWithS3ControlErrors() {
        // Given
        MOTO.startEmulator(fast());
        ManifestLocation manifest = MOTO.csvManifest("bad.csv", List.of("a.txt"));

        // Then a missing report is named
        assertThatThrownBy(() -> MOTO.s3Control().createJob(b -> b.accountId(ACCOUNT).clientRequestToken("bad-1")
                .priority(10).roleArn(ROLE).confirmationRequired(false)
                .operation(o -> o.s3InitiateRestoreObject(r -> r.expirationInDays(1).glacierJobTier("BULK")))
                .manifest(m -> m.spec(s -> s.format("S3BatchOperations_CSV_20180820").fieldsWithStrings("Bucket", "Key"))
                        .location(l -> l.objectArn("arn:aws:s3:::manifests/bad.csv").eTag(manifest.etag())))))
                .isInstanceOfSatisfying(S3ControlException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("Report");
                    assertThat(e.requestId()).startsWith("EMU");
                });
        // and an unsupported tier and a manifest without Fields
        assertThatThrownBy(() -> MOTO.s3Control().createJob(b -> validRequest(b, manifest)
                .operation(o -> o.s3InitiateRestoreObject(r -> r.expirationInDays(1).glacierJobTier("EXPEDITED")))))
                .isInstanceOfSatisfying(S3ControlException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("GlacierJobTier"));
        assertThatThrownBy(() -> MOTO.s3Control().createJob(b -> validRequest(b, manifest)
                .manifest(m -> m.spec(s -> s.format("S3BatchOperations_CSV_20180820"))
                        .location(l -> l.objectArn("arn:aws:s3:::manifests/bad.csv").eTag(manifest.etag())))))
                .isInstanceOfSatisfying(S3ControlException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Manifest.Spec.Fields"));
        // and an unknown job is NotFoundException
        assertThatThrownBy(() -> MOTO.s3Control().describeJob(b -> b.accountId(ACCOUNT).jobId("no-such-job")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        // and a token reused with other parameters is refused, while the same request gets the same job
        String jobId = MOTO.s3Control().createJob(b -> validRequest(b, manifest)).jobId();
        assertThat(MOTO.s3Control().createJob(b -> validRequest(b, manifest)).jobId()).isEqualTo(jobId);
        assertThatThrownBy(() -> MOTO.s3Control().createJob(b -> validRequest(b, manifest).priority(11)))
                .isInstanceOfSatisfying(S3ControlException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IdempotencyException"));
        // and cancelling a finished job is the SDK's JobStatusException
        MOTO.awaitEnd(jobId);
        assertThatThrownBy(() -> MOTO.s3Control().updateJobStatus(b -> b.accountId(ACCOUNT).jobId(jobId)
                .requestedJobStatus(RequestedJobStatus.CANCELLED)))
                .isInstanceOfSatisfying(JobStatusException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    private static software.amazon.awssdk.services.s3control.model.CreateJobRequest.Builder validRequest(
            software.amazon.awssdk.services.s3control.model.CreateJobRequest.Builder b, ManifestLocation manifest) {
        return b.accountId(ACCOUNT).clientRequestToken("good-1").priority(10).roleArn(ROLE).confirmationRequired(false)
                .operation(o -> o.s3InitiateRestoreObject(r -> r.expirationInDays(1).glacierJobTier("BULK")))
                .manifest(m -> m.spec(s -> s.format("S3BatchOperations_CSV_20180820").fieldsWithStrings("Bucket", "Key"))
                        .location(l -> l.objectArn("arn:aws:s3:::manifests/bad.csv").eTag(manifest.etag())))
                .report(r -> r.enabled(false));
    }

    // ---- helpers ----

    /** The rows of the report's results file for one task status, its MD5 checked against manifest.json. */
    private static List<String> resultRows(JsonNode results, String taskStatus) throws Exception {
        for (JsonNode result : results) {
            if (result.path("TaskExecutionStatus").asText().equals(taskStatus)) {
                assertThat(result.path("Bucket").asText()).isEqualTo(REPORTS);
                assertThat(result.path("Key").asText()).matches(".*/results/[0-9a-f]{40}\\.csv");
                byte[] content = MOTO.bytes(REPORTS, result.path("Key").asText());
                assertThat(result.path("MD5Checksum").asText())
                        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
                return new String(content, StandardCharsets.UTF_8).lines().toList();
            }
        }
        return List.of();
    }

    private static String decodedKeyOf(String row) {
        return ObjectId.decodeKey(row.split(",")[1], ObjectId.KeyEncoding.URL);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static final class ManifestLocationEtag {
        static String bare(String etag) {
            return etag.replace("\"", "");
        }
    }
}
