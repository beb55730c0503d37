package io.s3bulkrestore.jobs;

import io.s3bulkrestore.copy.CopyPlan;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.ConfirmMode;
import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.DestinationKeys;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.RestoreSource;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.model.TargetStorageClass;
import io.s3bulkrestore.monitor.AwaitConfirmation;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.restore.RetrievalPrices;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source job from POST /jobs to its start or its end without a restore: counted by one batch job per class,
 * quoted, confirmed (or cancelled, or left to expire), driven by the monitor's ticks.
 */
class SourceJobsTest {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final InMemoryJobStore jobs = new InMemoryJobStore(ledger);
    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final RecordingBatchOperations batch = new RecordingBatchOperations();
    private final GroupedBatchOperations grouped = new GroupedBatchOperations(batch);
    private final RecordingIngestQueue queue = new RecordingIngestQueue();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryResultsReports results = new InMemoryResultsReports();
    private final Map<ObjectId, Long> sizes = new HashMap<>();
    private final List<ObjectId> sized = new ArrayList<>();
    /** Copies so slow (one per 100,000 s) that 2 objects need 5 days of expiration, 1 object 3 days. */
    private final JobPolicy policy = new JobPolicy(Set.of("archive-1"), 2.0, new CopyPlan(0.00001));
    private final SourceJobs sourceJobs = new SourceJobs(jobs, grouped, manifests, queue, policy, clock);
    private final AtomicInteger ids = new AtomicInteger();
    private final CreateJob createJob = new CreateJob(jobs, manifests, grouped, queue, 1 << 20, policy, clock,
            () -> new JobId("job-" + ids.incrementAndGet()),
            new CreateJob.Waiting(sourceJobs, "reports-1", "batch-reports", Duration.ofDays(7)));
    private final ConfirmJob confirmJob = new ConfirmJob(jobs, sourceJobs, clock);
    private final CancelJob cancelJob = new CancelJob(jobs, grouped);

    private AwaitConfirmation awaiting(int sizeSample) {
        return new AwaitConfirmation(jobs, grouped, sourceJobs, manifests, objects -> {
            sized.addAll(objects);
            Map<ObjectId, Long> known = new HashMap<>();
            objects.forEach(object -> { if (sizes.containsKey(object)) { known.put(object, sizes.get(object)); } });
            return known;
        }, new QuoteCalculator(RetrievalPrices.documented()), clock, Duration.ofMinutes(2), Duration.ofDays(7),
                sizeSample);
    }

    private MonitorJobs monitor(int sizeSample) {
        return new MonitorJobs(jobs, ledger, batch, new InMemoryCompletionReports(), new FakeRestoreStatusChecker(),
                results, notifier, new SubmitJob(jobs, manifests, grouped, queue, 1 << 20), awaiting(sizeSample), clock,
                new MonitorJobs.Settings(10, 30, 100, 30, 50));
    }

    private final MonitorJobs monitor = monitor(AwaitConfirmation.DEFAULT_SIZE_SAMPLE);

    private static final CopySpec COPY = new CopySpec(null, DestinationKeys.of("", "kept/"), TargetStorageClass.STANDARD,
            true, null);

    private static CreateJobRequest request(ConfirmMode confirm, SourceStorageClass... classes) {
        return CreateJobRequest.ofSource(new RestoreSource("archive-1", "logs/", null, null, null, null, null, null,
                List.of(classes)), RestoreTier.BULK, 3, "team-a", confirm);
    }

    /** The generator of batch job {@code batchJobId} listed these objects, each of the given size. */
    private void listed(String batchJobId, String folder, long... objectSizes) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < objectSizes.length; i++) {
            ObjectId object = ObjectId.of("archive-1", "logs/" + folder + "/" + i);
            sizes.put(object, objectSizes[i]);
            csv.append("\"archive-1\",\"").append(object.key().replace("/", "%2F")).append("\"\n");
        }
        String dataKey = "batch-reports/gen/" + folder + "/data/1.csv";
        manifests.put("reports-1", dataKey, csv.toString());
        String manifestKey = "batch-reports/gen/" + folder + "/manifest.json";
        manifests.putInventory("reports-1", manifestKey, new InventoryManifest("reports-1", "CSV", "Bucket, Key",
                objectSizes.length == 0 ? List.of() : List.of(new InventoryManifest.DataFile(dataKey, csv.length()))));
        batch.listed(batchJobId, objectSizes.length, new BatchJobState.ObjectLocation("reports-1", manifestKey));
    }

    private Job job(Job job) {
        return jobs.find(job.id()).orElseThrow();
    }

    @Test
    void shouldCountEveryClassExactlyQuoteThenStartOnlyOnceConfirmed() {
        // Given a source job over Glacier and Intelligent-Tiering objects
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER,
                SourceStorageClass.INTELLIGENT_TIERING), Optional.empty()).job();
        assertThat(job.status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        assertThat(batch.sourceJobRequests()).containsExactly("job-1:GLACIER", "job-1:INTELLIGENT_TIERING");
        assertThat(job.batchJobId()).isEqualTo("batch-1,batch-2");

        // When Batch Operations is still listing, nothing is quoted
        monitor.tick();
        assertThat(job(job).quote()).isNull();

        // When both batch jobs have counted
        listed("batch-1", "glacier", 100, 200, 300);
        listed("batch-2", "it", 1_000, 2_000);
        monitor.tick();

        // Then the quote is exact, per class, and the job still waits
        Quote quote = job(job).quote();
        assertThat(job(job).status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        assertThat(quote.objects()).isEqualTo(5);
        assertThat(quote.bytes()).isEqualTo(3_600);
        assertThat(quote.bytesExact()).isTrue();
        assertThat(quote.bytesMethod()).startsWith("exact");
        assertThat(quote.byStorageClass()).extracting(Quote.ClassQuote::storageClass, Quote.ClassQuote::objects,
                Quote.ClassQuote::bytes).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SourceStorageClass.GLACIER, 3L, 600L),
                org.assertj.core.groups.Tuple.tuple(SourceStorageClass.INTELLIGENT_TIERING, 2L, 3_000L));
        assertThat(quote.batchOperationsUsd()).isEqualByComparingTo(new BigDecimal("0.5000")); // 2 jobs; 5 objects: $0.000005
        assertThat(quote.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(batch.confirmRequests()).isEmpty();
        assertThat(queue.sent()).isEmpty();
        monitor.tick();
        assertThat(job(job).status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);

        // When the user confirms
        clock.advance(Duration.ofHours(1));
        Job started = confirmJob.confirm(job.id().value());

        // Then both batch jobs run and every listed object is queued for registration, from one listing
        assertThat(started.status()).isEqualTo(JobStatus.RESTORING);
        assertThat(batch.confirmRequests()).containsExactly("batch-1", "batch-2");
        assertThat(queue.sent()).hasSize(2).allSatisfy(task -> assertThat(task).isInstanceOf(IngestTask.InventoryFile.class));
        assertThat(started.manifest().key()).isEqualTo("batch-reports/job-1/objects/manifest.json");
        assertThat(manifests.inventory(started.manifest()).files()).hasSize(2);
        assertThat(started.deadline()).isEqualTo(clock.instant().plus(Duration.ofHours(96)));
        assertThat(started.chunkCount()).isEqualTo(2);
        // and a second confirm is a harmless replay
        assertThat(confirmJob.confirm(job.id().value()).status()).isEqualTo(JobStatus.RESTORING);
        assertThat(queue.sent()).hasSize(2);
    }

    @Test
    void shouldRefuseToConfirmAJobWhoseQuotedObjectsCannotBeCopiedBeforeTheirRestoredCopiesExpire() {
        // Given a job that copies, with expiration_days 3, whose listing counted 2 objects (5 days of copies needed)
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER).withCopy(COPY),
                Optional.empty()).job();
        listed("batch-1", "glacier", 10, 20);
        monitor.tick();
        assertThat(job(job).quote().objects()).isEqualTo(2);

        // When the user confirms, then the confirm is refused naming expiration_days and the days needed
        assertThatThrownBy(() -> confirmJob.confirm(job.id().value()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).contains("expiration_days");
                    assertThat(e.getMessage()).contains("expiration_days 3 is too short to copy the quote's 2 objects",
                            "cancel this job and create it again with expiration_days 5 or more");
                });
        // and nothing was spent: the job still waits, unconfirmed, for a cancel or its quote's expiry
        monitor.tick();
        assertThat(job(job).status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        assertThat(job(job).confirmRequested()).isFalse();
        assertThat(batch.confirmRequests()).isEmpty();
        assertThat(queue.sent()).isEmpty();

        // A job of 1 object has time enough and starts
        Job small = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER).withCopy(COPY),
                Optional.of("small")).job();
        listed("batch-2", "small", 10);
        monitor.tick();
        assertThat(confirmJob.confirm(small.id().value()).status()).isEqualTo(JobStatus.RESTORING);
    }

    @Test
    void shouldFailAJobConfirmedAutomaticallyWhoseQuotedObjectsCannotBeCopiedBeforeTheirRestoredCopiesExpire() {
        Job job = createJob.create(request(ConfirmMode.AUTO, SourceStorageClass.GLACIER).withCopy(COPY),
                Optional.empty()).job();
        listed("batch-1", "glacier", 10, 20);

        monitor.tick();

        assertThat(job(job).status()).isEqualTo(JobStatus.FAILED);
        assertThat(job(job).failureReason()).contains("could not be started",
                "expiration_days 3 is too short to copy the quote's 2 objects",
                "create the job again with expiration_days 5 or more");
        assertThat(batch.confirmRequests()).isEmpty();
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void shouldRefuseAConfirmBeforeTheQuoteIsReady() {
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty()).job();

        assertThatThrownBy(() -> confirmJob.confirm(job.id().value()))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("still counting");
        assertThat(job(job).confirmRequested()).isFalse();
    }

    @Test
    void shouldStartAtOnceOnceCountedWithConfirmAuto() {
        Job job = createJob.create(request(ConfirmMode.AUTO, SourceStorageClass.DEEP_ARCHIVE), Optional.empty()).job();
        listed("batch-1", "deep", 10, 20);

        monitor.tick();

        assertThat(job(job).status()).isEqualTo(JobStatus.RESTORING);
        assertThat(job(job).quote().objects()).isEqualTo(2);
        assertThat(batch.confirmRequests()).containsExactly("batch-1");
    }

    @Test
    void shouldEndCancelledWithNothingRestoredWhenCancelledBeforeConfirming() {
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER,
                SourceStorageClass.DEEP_ARCHIVE), Optional.empty()).job();
        listed("batch-1", "glacier", 10);
        listed("batch-2", "deep", 10, 10);
        monitor.tick();

        cancelJob.cancel(job.id().value());
        monitor.tick();
        monitor.tick();

        Job ended = job(job);
        assertThat(ended.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ended.failureReason()).contains("before it was confirmed");
        assertThat(batch.cancelRequests()).contains("batch-1", "batch-2");
        assertThat(batch.confirmRequests()).isEmpty();
        assertThat(queue.sent()).isEmpty();
        assertThat(notifier.statuses()).containsExactly("Cancelled");
        JobNotification cancelled = notifier.published().getLast();
        assertThat(cancelled.totalObjects()).contains(0L);
        assertThat(results.report(job.id())).isEmpty();
    }

    @Test
    void shouldEndAJobConfirmedThenCancelledBeforeItStartedAsAStartedJobWithEveryObjectReported() {
        // Given a confirmed job whose start stopped after its batch jobs were made Ready (the queue was down)
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty()).job();
        listed("batch-1", "glacier", 10, 20);
        monitor.tick();
        queue.failSends(true);
        confirmJob.confirm(job.id().value());
        assertThat(job(job).status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        assertThat(job(job).confirmRequested()).isTrue();

        // When the user cancels before the monitor started it
        cancelJob.cancel(job.id().value());
        queue.failSends(false);
        for (int tick = 0; tick < 4; tick++) {
            monitor.tick();
            var ingest = new io.s3bulkrestore.ingest.IngestManifestChunk(jobs, manifests,
                    new io.s3bulkrestore.tracking.RegisterManifestObjects(ledger, clock, Duration.ofDays(30)),
                    new io.s3bulkrestore.fakes.RecordingRestoreEventRouting(), Set.of("archive-1"));
            queue.drain().forEach(ingest::ingest);
        }

        // Then it started, and ends Cancelled with both objects in its report, none silently dropped
        Job ended = job(job);
        assertThat(ended.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ended.totalObjects()).isEqualTo(2);
        assertThat(results.report(job.id())).hasSize(2);
    }

    @Test
    void shouldCancelAQuoteLeftUnconfirmedPastItsExpiry() {
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty()).job();
        listed("batch-1", "glacier", 10);
        monitor.tick();

        clock.advance(Duration.ofDays(7).minusMinutes(1));
        monitor.tick();
        assertThat(job(job).status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);

        clock.advance(Duration.ofMinutes(2));
        monitor.tick();
        monitor.tick();

        assertThat(job(job).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job(job).failureReason()).contains("the quote expired unconfirmed after 7 days");
        assertThat(batch.cancelRequests()).containsExactly("batch-1");
        assertThat(notifier.statuses()).containsExactly("Cancelled");
    }

    @Test
    void shouldRefuseAConfirmOnceTheQuoteExpired() {
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty()).job();
        listed("batch-1", "glacier", 10);
        monitor.tick();
        clock.advance(Duration.ofDays(7).plusMinutes(1));

        assertThatThrownBy(() -> confirmJob.confirm(job.id().value()))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("expired");
        assertThat(batch.confirmRequests()).isEmpty();
    }

    @Test
    void shouldStartAJobConfirmedWhileTheMonitorWasEndingItsExpiredQuote() {
        // Given a tick that read the job (quote expired, not confirmed) before the user's confirm was recorded
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty()).job();
        listed("batch-1", "glacier", 10);
        monitor.tick();
        clock.advance(Duration.ofDays(7).minusMinutes(1));
        Job seenByTheTick = job(job);
        queue.failSends(true); // the confirm's start stops after confirming: the monitor has to start it
        confirmJob.confirm(job.id().value());
        clock.advance(Duration.ofMinutes(2));

        // When that tick goes on with what it read
        var ending = awaiting(AwaitConfirmation.DEFAULT_SIZE_SAMPLE).step(seenByTheTick);

        // Then the confirm wins: no ending, no batch job cancelled, and the next tick starts the job
        assertThat(ending).isEmpty();
        assertThat(batch.cancelRequests()).isEmpty();
        queue.failSends(false);
        monitor.tick();
        assertThat(job(job).status()).isEqualTo(JobStatus.RESTORING);
    }

    @Test
    void shouldFailAConfirmedJobWhoseListingCannotBeReadWithoutConfirmingItsBatchJobs() {
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty()).job();
        listed("batch-1", "glacier", 10);
        monitor.tick();
        // the listing is replaced behind the job's back (its ETag no longer matches)
        manifests.put("reports-1", job(job).manifest().key(), "{}");

        assertThatThrownBy(() -> confirmJob.confirm(job.id().value())).isNotNull();
        monitor.tick();
        monitor.tick();

        assertThat(job(job).status()).isEqualTo(JobStatus.FAILED);
        assertThat(job(job).failureReason()).contains("confirmed but could not be started");
        assertThat(batch.confirmRequests()).isEmpty();
        assertThat(batch.cancelRequests()).containsExactly("batch-1");
    }

    @Test
    void shouldFailWhenBatchOperationsCannotListTheObjects() {
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER,
                SourceStorageClass.DEEP_ARCHIVE), Optional.empty()).job();
        listed("batch-1", "glacier", 10);
        batch.setStatus("batch-2", "Failed");

        monitor.tick();
        monitor.tick();

        assertThat(job(job).status()).isEqualTo(JobStatus.FAILED);
        assertThat(job(job).failureReason()).contains("could not list the objects", "batch-2 is Failed");
        assertThat(batch.cancelRequests()).contains("batch-1");
        assertThat(notifier.statuses()).containsExactly("Failed");
    }

    @Test
    void shouldEstimateTheBytesFromTheFirstObjectsWhenAClassHasMoreThanTheSample() {
        MonitorJobs sampling = monitor(2);
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty()).job();
        listed("batch-1", "glacier", 100, 300, 5_000, 5_000, 5_000);

        sampling.tick();

        Quote quote = job(job).quote();
        assertThat(quote.objects()).isEqualTo(5);
        assertThat(quote.bytesExact()).isFalse();
        assertThat(quote.bytes()).isEqualTo(1_000); // mean of 100 and 300, times 5
        assertThat(quote.bytesMethod()).contains("estimated", "HeadObject on 2 of 5");
        assertThat(sized).hasSize(2);
    }

    @Test
    void shouldQuoteAClassWithNoObjectsAsZero() {
        Job job = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER,
                SourceStorageClass.INTELLIGENT_TIERING), Optional.empty()).job();
        listed("batch-1", "glacier", 10);
        listed("batch-2", "it");

        monitor.tick();

        Quote quote = job(job).quote();
        assertThat(quote.objects()).isEqualTo(1);
        assertThat(quote.byStorageClass().get(1).objects()).isZero();
        assertThat(quote.bytesExact()).isTrue();
    }

    @Test
    void shouldQuoteAClassWhoseBatchJobEndedWithNothingToDoAsEmpty() {
        Job job = createJob.create(request(ConfirmMode.AUTO, SourceStorageClass.GLACIER,
                SourceStorageClass.DEEP_ARCHIVE), Optional.empty()).job();
        listed("batch-1", "glacier", 10, 20);
        batch.setStatus("batch-2", "Complete"); // the generator found no Deep Archive object, and the job ended

        monitor.tick();

        assertThat(job(job).quote().objects()).isEqualTo(2);
        assertThat(job(job).status()).isEqualTo(JobStatus.RESTORING);
    }

    @Test
    void shouldAskBatchOperationsAgainWhenTheApiCouldNotAskIt() {
        batch.failCreateRequests();
        assertThatThrownBy(() -> createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER),
                Optional.of("key-1")))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED))
                .hasMessageContaining("the monitor asks Batch Operations again");
        Job recorded = jobs.find(new JobId("job-1")).orElseThrow();
        assertThat(recorded.status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        assertThat(recorded.batchJobId()).isNull();
        batch.answerCreateRequests();

        monitor.tick(); // within the API's grace: left alone
        assertThat(job(recorded).batchJobId()).isNull();
        clock.advance(Duration.ofMinutes(3));
        monitor.tick();

        assertThat(job(recorded).batchJobId()).isEqualTo("batch-1");
        // and a retry of the create finds the same job and batch job
        var retry = createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.of("key-1"));
        assertThat(retry.created()).isFalse();
        assertThat(retry.job().batchJobId()).isEqualTo("batch-1");
    }

    @Test
    void shouldFailAJobBatchOperationsCouldNotBeAskedToCountForAnHour() {
        batch.failCreateRequests();
        try {
            createJob.create(request(ConfirmMode.MANUAL, SourceStorageClass.GLACIER), Optional.empty());
        } catch (ServiceException expected) {
            assertThat(expected.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
        }
        JobId id = new JobId("job-1");

        clock.advance(Duration.ofMinutes(59));
        monitor.tick();
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        clock.advance(Duration.ofMinutes(2));
        monitor.tick();
        monitor.tick();

        Job ended = jobs.find(id).orElseThrow();
        assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
        assertThat(ended.failureReason()).contains("could not be asked to count the objects within 60 minutes");
        assertThat(notifier.statuses()).containsExactly("Failed");
    }

    @Test
    void shouldRefuseABucketOutsideTheAllowList() {
        var request = CreateJobRequest.ofSource(new RestoreSource("elsewhere-1", null, null, null, null, null, null,
                null, List.of(SourceStorageClass.GLACIER)), RestoreTier.BULK, 3, null, ConfirmMode.MANUAL);

        assertThatThrownBy(() -> createJob.create(request, Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BUCKET_NOT_ALLOWED);
                    assertThat(e.field()).contains("source.bucket");
                });
        assertThat(jobs.createdCount()).isZero();
        assertThat(batch.sourceJobRequests()).isEmpty();
    }
}
