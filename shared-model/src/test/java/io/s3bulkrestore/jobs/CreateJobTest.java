package io.s3bulkrestore.jobs;

import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.StorageFamily;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateJobTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final long CHUNK_BYTES = 10_000;

    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final InMemoryManifestStore manifests = new InMemoryManifestStore()
            .put("manifests-1", "m.csv", "data-1,a\n");
    private final RecordingBatchOperations batch = new RecordingBatchOperations();
    private final RecordingIngestQueue queue = new RecordingIngestQueue();
    private final AtomicInteger ids = new AtomicInteger();
    private final CreateJob createJob = new CreateJob(jobs, manifests, batch, queue, CHUNK_BYTES,
            new JobPolicy(Set.of("manifests-1", "other-1"), 2.0), Clock.fixed(NOW, ZoneOffset.UTC),
            () -> new JobId("job-" + ids.incrementAndGet()));

    private static CreateJobRequest request(String bucket, String key) {
        return new CreateJobRequest(bucket, key, RestoreTier.BULK, 3, StorageFamily.GLACIER, ManifestFormat.CSV, "tag");
    }

    @Test
    void shouldRecordTheJobAndCreateOneBatchJob() {
        CreateJob.Result result = createJob.create(request("manifests-1", "m.csv"), Optional.empty());

        Job job = result.job();
        assertThat(result.created()).isTrue();
        assertThat(job.status()).isEqualTo(JobStatus.RESTORING);
        assertThat(job.batchJobId()).isEqualTo("batch-1");
        assertThat(job.manifest().etag()).startsWith("\"etag-");
        assertThat(job.deadline()).isEqualTo(NOW.plus(Duration.ofHours(96)));
        assertThat(jobs.find(job.id())).contains(job);
        assertThat(batch.createRequests()).extracting(Job::id).containsExactly(new JobId("job-1"));
    }

    @Test
    void shouldReturnTheSameJobForARetryWithTheSameIdempotencyKey() {
        Job first = createJob.create(request("manifests-1", "m.csv"), Optional.of("key-1")).job();
        CreateJob.Result retry = createJob.create(request("manifests-1", "m.csv"), Optional.of("key-1"));

        assertThat(retry.created()).isFalse();
        assertThat(retry.job()).isEqualTo(first);
        assertThat(batch.batchJobCount()).isEqualTo(1);
    }

    @Test
    void shouldRefuseADifferentRequestUnderAUsedIdempotencyKey() {
        createJob.create(request("manifests-1", "m.csv"), Optional.of("key-1"));
        manifests.put("other-1", "m.csv", "data-1,b\n");

        assertThatThrownBy(() -> createJob.create(request("other-1", "m.csv"), Optional.of("key-1")))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT));
        assertThat(batch.batchJobCount()).isEqualTo(1);
    }

    @Test
    void shouldResumeAJobThatACrashLeftSubmitting() {
        Job halfDone = Job.submitting(new JobId("job-crashed"), request("manifests-1", "m.csv"),
                manifests.head("manifests-1", "m.csv").orElseThrow(), NOW, NOW.plusSeconds(60), "key-9");
        jobs.create(halfDone);

        CreateJob.Result retry = createJob.create(request("manifests-1", "m.csv"), Optional.of("key-9"));

        assertThat(retry.job().id()).isEqualTo(new JobId("job-crashed"));
        assertThat(retry.job().status()).isEqualTo(JobStatus.RESTORING);
        assertThat(batch.batchJobCount()).isEqualTo(1);
    }

    @Test
    void shouldRefuseBucketsOutsideTheAllowList() {
        manifests.put("elsewhere-1", "m.csv", "data-1,b\n");
        assertThatThrownBy(() -> createJob.create(request("elsewhere-1", "m.csv"), Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BUCKET_NOT_ALLOWED));
        assertThat(jobs.createdCount()).isZero();
        assertThat(batch.createRequests()).isEmpty();
    }

    @Test
    void shouldRefuseACopyDestinationOutsideTheAllowListNamingItAndCreateNothing() {
        var copy = new io.s3bulkrestore.model.CopySpec("elsewhere-1", io.s3bulkrestore.model.DestinationKeys.sameKey(),
                io.s3bulkrestore.model.TargetStorageClass.STANDARD, true, null);

        assertThatThrownBy(() -> createJob.create(request("manifests-1", "m.csv").withCopy(copy), Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BUCKET_NOT_ALLOWED);
                    assertThat(e.field()).contains("copy.destination_bucket");
                });
        assertThat(jobs.createdCount()).isZero();
        assertThat(batch.createRequests()).isEmpty();
    }

    @Test
    void shouldRefuseACopyWhoseRestoredCopiesWouldExpireBeforeTheyCouldBeCopiedNamingExpirationDays() {
        // 2,250 bytes of manifest: at least 22 objects; at 0.0001 copies a second that is 220,000 s, 2.5 days,
        // so with the margin 6 days
        manifests.put("manifests-1", "big.csv", "data-1,k\n".repeat(250));
        var slowCopies = new CreateJob(jobs, manifests, batch, queue, CHUNK_BYTES, new JobPolicy(Set.of("manifests-1"),
                2.0, new io.s3bulkrestore.copy.CopyPlan(0.0001)), Clock.fixed(NOW, ZoneOffset.UTC),
                () -> new JobId("job-" + ids.incrementAndGet()));
        var copy = new io.s3bulkrestore.model.CopySpec(null, io.s3bulkrestore.model.DestinationKeys.of("", "kept/"),
                io.s3bulkrestore.model.TargetStorageClass.STANDARD, true, null);
        CreateJobRequest tooShort = request("manifests-1", "big.csv").withCopy(copy); // expiration_days 3

        assertThatThrownBy(() -> slowCopies.create(tooShort, Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).contains("expiration_days");
                    assertThat(e.getMessage()).contains("expiration_days 3 is too short").contains("22 or more")
                            .contains("give expiration_days 6 or more");
                });
        assertThat(jobs.createdCount()).isZero();

        var longEnough = new CreateJobRequest("manifests-1", "big.csv", RestoreTier.BULK, 6, StorageFamily.GLACIER,
                ManifestFormat.CSV, null).withCopy(copy);
        assertThat(slowCopies.create(longEnough, Optional.empty()).created()).isTrue();
    }

    @Test
    void shouldAcceptOnlyTheConfiguredKmsKeyForCopiesNamingTheFieldOtherwise() {
        String arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var withKey = new CreateJob(jobs, manifests, batch, queue, CHUNK_BYTES, new JobPolicy(Set.of("manifests-1"),
                2.0, JobPolicy.DEFAULT_COPIES, Optional.of(arn)), Clock.fixed(NOW, ZoneOffset.UTC),
                () -> new JobId("job-" + ids.incrementAndGet()));
        java.util.function.Function<String, CreateJobRequest> copyingWith = key -> request("manifests-1", "m.csv")
                .withCopy(new io.s3bulkrestore.model.CopySpec(null, io.s3bulkrestore.model.DestinationKeys.of("", "k/"),
                        io.s3bulkrestore.model.TargetStorageClass.STANDARD, true, key));

        for (CreateJob noKeyConfigured : List.of(createJob)) {
            assertThatThrownBy(() -> noKeyConfigured.create(copyingWith.apply(arn), Optional.empty()))
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.field()).contains("copy.kms_key_id"));
        }
        assertThatThrownBy(() -> withKey.create(copyingWith.apply("arn:aws:kms:us-east-1:123456789012:key/other"),
                Optional.empty())).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.getMessage()).contains("CopyKmsKeyArn"));
        assertThat(jobs.createdCount()).isZero();

        assertThat(withKey.create(copyingWith.apply(arn), Optional.empty()).created()).isTrue();
        assertThat(withKey.create(copyingWith.apply("1234abcd-12ab-34cd-56ef-1234567890ab"), Optional.of("by-id"))
                .created()).isTrue();
    }

    @Test
    void shouldGiveAJobThatCopiesTheTimeToCopyAsManyObjectsAsItsManifestCanListAfterItsRestores() {
        manifests.put("manifests-1", "copy.csv", "data-1,k\n".repeat(100)); // 900 bytes: at most 112 lines
        var slowCopies = new CreateJob(jobs, manifests, batch, queue, CHUNK_BYTES, new JobPolicy(Set.of("manifests-1"),
                2.0, new io.s3bulkrestore.copy.CopyPlan(0.01)), Clock.fixed(NOW, ZoneOffset.UTC),
                () -> new JobId("job-" + ids.incrementAndGet()));
        var copy = new io.s3bulkrestore.model.CopySpec(null, io.s3bulkrestore.model.DestinationKeys.of("", "kept/"),
                io.s3bulkrestore.model.TargetStorageClass.STANDARD, true, null);

        Job copying = slowCopies.create(request("manifests-1", "copy.csv").withCopy(copy), Optional.empty()).job();
        Job plain = slowCopies.create(request("manifests-1", "copy.csv"), Optional.of("plain")).job();

        // 112 objects at 0.01 copies a second: 11,200 s of backlog, twice that after the restores' 96 hours
        assertThat(plain.deadline()).isEqualTo(NOW.plus(Duration.ofHours(96)));
        assertThat(copying.deadline()).isEqualTo(NOW.plus(Duration.ofHours(96)).plusSeconds(22_400));
    }

    @Test
    void shouldRefuseAMissingManifestNamingIt() {
        assertThatThrownBy(() -> createJob.create(request("manifests-1", "nope.csv"), Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("s3://manifests-1/nope.csv");
                });
        assertThat(jobs.createdCount()).isZero();
    }

    @Test
    void shouldLeaveTheJobSubmittingForTheMonitorAndSayWhereToFollowItWhenBatchOperationsFails() {
        batch.failCreateRequests();

        assertThatThrownBy(() -> createJob.create(request("manifests-1", "m.csv"), Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).contains("AWS request id TEST-REQUEST")
                            .contains("job job-1 is recorded").contains("GET /jobs/job-1");
                });

        // The batch job may or may not exist (CreateJob's answer was lost): the monitor finishes the submission
        // with the same idempotency token rather than leaving restores nobody tracks
        Job recorded = jobs.find(new JobId("job-1")).orElseThrow();
        assertThat(recorded.status()).isEqualTo(JobStatus.SUBMITTING);
    }

    @Test
    void shouldRefuseAnEmptyManifestWithoutWritingAnything() {
        manifests.put("manifests-1", "empty.csv", "\n\n");

        assertThatThrownBy(() -> createJob.create(request("manifests-1", "empty.csv"), Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("empty");
                });
        assertThat(jobs.createdCount()).isZero();
        assertThat(batch.createRequests()).isEmpty();
    }

    @Test
    void shouldTellBatchOperationsWhetherTheManifestHasVersionIds() {
        manifests.put("manifests-1", "versioned.csv", "data-1,a,v1\n");
        createJob.create(request("manifests-1", "versioned.csv"), Optional.empty());
        createJob.create(request("manifests-1", "m.csv"), Optional.empty());

        assertThat(batch.columnsRequested()).containsExactly(
                Optional.of(ManifestColumns.BUCKET_KEY_VERSION), Optional.of(ManifestColumns.BUCKET_KEY));
    }

    @Test
    void shouldUseTheDeepArchiveStandardBoundForStandardDeadlines() {
        var standard = new CreateJobRequest("manifests-1", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        assertThat(createJob.create(standard, Optional.empty()).job().deadline())
                .isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void shouldQueueOneIngestTaskPerChunkAndRecordTheChunkCount() {
        // Given a manifest of 25,000 bytes and chunks of 10,000
        manifests.put("manifests-1", "big.csv", "data-1,k1\n".repeat(2_500));

        // When the job is created
        Job job = createJob.create(request("manifests-1", "big.csv"), Optional.empty()).job();

        // Then its three byte ranges are queued and the job knows it has three chunks
        assertThat(queue.sent()).containsExactly(
                new IngestTask.CsvChunk(job.id(), new ManifestChunk(0, 0, 10_000)),
                new IngestTask.CsvChunk(job.id(), new ManifestChunk(1, 10_000, 20_000)),
                new IngestTask.CsvChunk(job.id(), new ManifestChunk(2, 20_000, 25_000)));
        assertThat(job.chunkCount()).isEqualTo(3);
        assertThat(jobs.find(job.id()).orElseThrow().chunkCount()).isEqualTo(3);
    }

    @Test
    void shouldLeaveTheJobSubmittingWhenQueueingFailsAndQueueAgainOnRetry() {
        // Given a queue that fails the first time
        queue.failSends(true);
        assertThatThrownBy(() -> createJob.create(request("manifests-1", "m.csv"), Optional.of("key-q")))
                .isInstanceOf(ServiceException.class);
        assertThat(jobs.find(new JobId("job-1")).orElseThrow().status()).isEqualTo(JobStatus.SUBMITTING);

        // When the client retries with the same key
        queue.failSends(false);
        Job job = createJob.create(request("manifests-1", "m.csv"), Optional.of("key-q")).job();

        // Then the same job is queued and submitted, with one batch job
        assertThat(job.id()).isEqualTo(new JobId("job-1"));
        assertThat(job.status()).isEqualTo(JobStatus.RESTORING);
        assertThat(job.chunkCount()).isEqualTo(1);
        assertThat(queue.sent()).extracting(IngestTask::job).containsExactly(job.id());
        assertThat(batch.batchJobCount()).isEqualTo(1);
    }

    @Test
    void shouldQueueOneTaskPerInventoryDataFile() {
        manifests.putInventory("manifests-1", "inv/manifest.json", new InventoryManifest("inventory-1", "CSV",
                "Bucket, Key, Size", List.of(new InventoryManifest.DataFile("inv/data/a.csv.gz", 10),
                new InventoryManifest.DataFile("inv/data/b|c.csv.gz", 20))));
        var inventoryRequest = new CreateJobRequest("manifests-1", "inv/manifest.json", RestoreTier.BULK, 3,
                StorageFamily.GLACIER, ManifestFormat.INVENTORY, null);

        Job job = createJob.create(inventoryRequest, Optional.empty()).job();

        assertThat(queue.sent()).containsExactly(new IngestTask.InventoryFile(job.id(), 0, "inv/data/a.csv.gz"),
                new IngestTask.InventoryFile(job.id(), 1, "inv/data/b|c.csv.gz"));
        assertThat(job.chunkCount()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAnUnusableInventoryManifestWithoutWritingAnything() {
        manifests.putInventory("manifests-1", "orc/manifest.json", new InventoryManifest("inventory-1", "ORC",
                "Bucket, Key", List.of(new InventoryManifest.DataFile("orc/data/a.orc", 10))));
        var inventoryRequest = new CreateJobRequest("manifests-1", "orc/manifest.json", RestoreTier.BULK, 3,
                StorageFamily.GLACIER, ManifestFormat.INVENTORY, null);

        assertThatThrownBy(() -> createJob.create(inventoryRequest, Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("only CSV reports are supported");
                });
        assertThat(jobs.createdCount()).isZero();
        assertThat(batch.createRequests()).isEmpty();
        assertThat(queue.sent()).isEmpty();
    }
}
