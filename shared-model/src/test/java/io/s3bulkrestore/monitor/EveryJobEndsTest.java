package io.s3bulkrestore.monitor;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.fakes.ScriptedBatchOperations;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endings issue "Every job ends, and ends right" names, one test each, through the monitor and the use
 * cases around it with in-memory fakes: every job reaches one terminal status, and its message, its report and
 * the job as GET shows it agree.
 */
class EveryJobEndsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = new JobId("job-e");
    private static final String BATCH = "batch-job-e";
    private static final String RESTORED = "ongoing-request=\"false\", expiry-date=\"Mon, 21 Dec 2026 00:00:00 GMT\"";
    private static final CreateJobRequest REQUEST = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3,
            StorageFamily.GLACIER, ManifestFormat.CSV, "team-a");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final InMemoryJobStore jobs = new InMemoryJobStore(ledger);
    private final ScriptedBatchOperations batch = new ScriptedBatchOperations();
    private final InMemoryCompletionReports completionReports = new InMemoryCompletionReports();
    private final FakeRestoreStatusChecker s3 = new FakeRestoreStatusChecker();
    private final InMemoryResultsReports results = new InMemoryResultsReports();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryManifestStore manifests = new InMemoryManifestStore()
            .put("manifests", "m.csv", "bucket-1,k0\nbucket-1,k1\nbucket-1,k2\n");
    private final RecordingIngestQueue ingestQueue = new RecordingIngestQueue();
    private final SubmitJob submitJob = new SubmitJob(jobs, manifests, batch, ingestQueue, 1 << 20);
    private final MonitorJobs monitor = new MonitorJobs(jobs, ledger, batch, completionReports, s3, results, notifier,
            submitJob, clock, new MonitorJobs.Settings(10, 30, 2, 30, 50));

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "k" + i);
    }

    /** A submitted job of {@code chunks} chunks; {@code registered} objects registered by chunk 0 (summarized). */
    private void givenSubmittedJob(int chunks, int registered) {
        // the manifest lists k0, k1, k2 (12 bytes a line), or as many as are registered
        var manifest = CsvManifestFixture.put(manifests, "manifests", "m.csv",
                IntStream.range(0, Math.max(3, registered)).mapToObj(EveryJobEndsTest::object).toList());
        jobs.put(Job.submitting(JOB, REQUEST, manifest.location(), T0,
                T0.plus(Duration.ofHours(12)), null).submitted(BATCH, chunks));
        registration().register(job(), 0, manifest.entries().subList(0, registered));
        ledger.recordChunkSummary(JOB, new ChunkSummary(0, registered, registered, 0, List.of()), T0);
        batch.set(BATCH, "Active");
    }

    private RegisterManifestObjects registration() {
        return new RegisterManifestObjects(ledger, clock, Duration.ofDays(30));
    }

    private Job job() {
        return jobs.find(JOB).orElseThrow();
    }

    private void restore(int... indexes) {
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(IntStream.of(indexes)
                .mapToObj(i -> RestoreEvent.completed(object(i), clock.instant())).toList());
    }

    private void tick(int times) {
        for (int i = 0; i < times; i++) {
            monitor.tick();
            clock.advance(Duration.ofMinutes(1));
        }
    }

    /** The terminal message, the report and the job agree, and say these counts. */
    private void assertEndedAgreeing(JobStatus status, long restored, long failed, long skipped, long missing) {
        JobNotification last = notifier.published().getLast();
        Job job = jobs.find(JOB).orElseThrow();
        List<ReportRow> report = results.report(JOB);
        assertThat(job.status()).isEqualTo(status);
        assertThat(last.status()).isEqualTo(status);
        assertThat(last.restoredObjects()).isEqualTo(restored).isEqualTo(job.counts().restored())
                .isEqualTo(report.stream().filter(r -> r.kind().isRestored()).count());
        assertThat(last.failedObjects()).isEqualTo(failed).isEqualTo(job.counts().failed())
                .isEqualTo(report.stream().filter(r -> r.kind() == ReportRow.Kind.FAILED).count());
        assertThat(last.skippedObjects()).isEqualTo(skipped).isEqualTo(job.counts().skipped())
                .isEqualTo(report.stream().filter(r -> r.kind() == ReportRow.Kind.NOT_ARCHIVED).count());
        assertThat(last.pendingObjects()).contains(missing);
        assertThat(report.stream().filter(r -> r.kind() == ReportRow.Kind.MISSING).count()).isEqualTo(missing);
        assertThat(last.totalObjects()).contains(job.totalObjects()).contains((long) report.size());
        assertThat(notifier.statuses().stream().filter(s -> !s.equals("Restoring")).count())
                .as("one terminal message").isEqualTo(1);
    }

    // ---- point 1: completion-report codes ----

    @Test
    void shouldCompleteWithEveryObjectRestoredWhenOverlappingRestoresAnswered409() {
        // Given a job whose tasks all answered RestoreAlreadyInProgress: another job was restoring the same objects
        givenSubmittedJob(1, 3);
        for (int i = 0; i < 3; i++) {
            completionReports.failed(BATCH, new FailedTask(object(i), "RestoreAlreadyInProgress"));
        }
        batch.set(BATCH, "Complete");
        tick(1);

        // When the restores started by the other job complete
        restore(0, 1, 2);
        tick(2);

        // Then the job is Complete with all three restored, not Failed with none
        assertEndedAgreeing(JobStatus.COMPLETE, 3, 0, 0, 0);
    }

    @Test
    void shouldReadTheCompletionReportOnlyOnceEveryObjectIsRegistered() {
        // Given a batch job that finished before ingest did: chunk 0 registered, chunk 1 not yet
        givenSubmittedJob(2, 2);
        completionReports.failed(BATCH, new FailedTask(object(2), "AccessDenied")); // an object of chunk 1
        restore(0, 1);
        batch.set(BATCH, "Complete");
        tick(2);
        int readsBeforeIngest = completionReports.reads();

        // When chunk 1 is registered
        registration().register(job(), 1, List.of(new ChunkEntry(object(2), 24)));
        ledger.recordChunkSummary(JOB, new ChunkSummary(1, 1, 1, 0, List.of()), T0);
        tick(3);

        // Then its failed task counts: the job is Complete with one failure, not waiting for it forever
        assertThat(readsBeforeIngest).isZero();
        assertEndedAgreeing(JobStatus.COMPLETE, 2, 1, 0, 0);
    }

    @Test
    void shouldCountObjectsInAnAccessTierApartFromFailures() {
        givenSubmittedJob(1, 3);
        completionReports.failed(BATCH, new FailedTask(object(0), "ObjectAlreadyInActiveTierError"));
        completionReports.failed(BATCH, new FailedTask(object(1), "AccessDenied"));
        batch.set(BATCH, "Complete");
        restore(2);

        tick(2);

        assertEndedAgreeing(JobStatus.COMPLETE, 1, 1, 1, 0);
        assertThat(results.report(JOB)).contains(new ReportRow(object(0), "not archived", "ObjectAlreadyInActiveTierError"));
    }

    @Test
    void shouldReadALargeCompletionReportABatchPerStepAndDecideOnlyOnceItIsRead() {
        // Given a job of 1,200 objects whose tasks all failed with AccessDenied
        givenSubmittedJob(1, 1_200);
        for (int i = 0; i < 1_200; i++) {
            completionReports.failed(BATCH, new FailedTask(object(i), "AccessDenied"));
        }
        batch.set(BATCH, "Complete");

        // When the monitor ticks with one step per job (three batches of 500 to read)
        tick(1);
        long afterOneTick = jobs.monitorState(JOB).completionReportHandled();
        boolean decidedEarly = notifier.statuses().stream().anyMatch(s -> !s.equals("Restoring"));
        tick(4);

        // Then the report is read over three ticks, and the job ends Failed with every object counted once
        assertThat(afterOneTick).isEqualTo(500);
        assertThat(decidedEarly).isFalse();
        assertThat(completionReports.reads()).isEqualTo(3);
        assertEndedAgreeing(JobStatus.FAILED, 0, 1_200, 0, 0);
    }

    @Test
    void shouldSayCompleteNotFailedWhenARestoreCompletesWhileTheAllFailedReportIsWritten() {
        // Given a job whose two tasks both failed, and a report written one row per tick
        var oneRowParts = new InMemoryResultsReports(1);
        var slowReports = new MonitorJobs(jobs, ledger, batch, completionReports, s3, oneRowParts, notifier,
                submitJob, clock, new MonitorJobs.Settings(10, 30, 2, 30, 50, 1));
        givenSubmittedJob(1, 2);
        completionReports.failed(BATCH, new FailedTask(object(0), "SlowDown"));
        completionReports.failed(BATCH, new FailedTask(object(1), "SlowDown"));
        batch.set(BATCH, "Complete");
        slowReports.tick(); // every object failed: the ending is decided, the report's first row written

        // When object 1's restore completes after all (a retry by S3 made it), then the report is finished
        restore(1);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            slowReports.tick();
        }

        // Then the message says what its report says: one restored, one failed, so Complete
        JobNotification last = notifier.published().getLast();
        assertThat(last.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(last.restoredObjects()).isEqualTo(1);
        assertThat(last.failedObjects()).isEqualTo(1);
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(oneRowParts.report(JOB)).contains(new ReportRow(object(1), "restored", ""));
    }

    // ---- point 2: a chunk in the ingest DLQ ----

    @Test
    void shouldFailWithIngestIncompleteNamingTheMissingChunkAtTheDeadline() {
        // Given a job of two chunks whose chunk 1 never gets ingested (its task went to the DLQ)
        givenSubmittedJob(2, 2);
        restore(0, 1);
        batch.set(BATCH, "Complete");
        tick(3);
        assertThat(notifier.statuses()).containsExactly("Restoring");

        // When the deadline passes
        clock.set(T0.plus(Duration.ofHours(12)).plusSeconds(1));
        tick(2);

        // Then it ends Failed, within two ticks, saying which chunk and what to do
        assertEndedAgreeing(JobStatus.FAILED, 2, 0, 0, 0);
        assertThat(jobs.find(JOB).orElseThrow().failureReason()).startsWith("INGEST_INCOMPLETE")
                .contains("chunk(s) 1 of 2").contains("ingest DLQ");
    }

    @Test
    void shouldRedriveOnlyTheChunksThatWereNeverIngested() {
        // Given a manifest planned as three chunks, of which chunk 1 never got a summary
        String lines = IntStream.range(0, 1_500).mapToObj(i -> "bucket-1,key-" + i + "\n")
                .reduce("", String::concat);
        manifests.put("manifests", "big.csv", lines);
        long chunkBytes = (lines.length() + 2) / 3;
        SubmitJob smallChunks = new SubmitJob(jobs, manifests, batch, ingestQueue, chunkBytes);
        jobs.put(Job.submitting(JOB, new CreateJobRequest("manifests", "big.csv", RestoreTier.STANDARD, 3,
                StorageFamily.GLACIER, ManifestFormat.CSV, null), manifests.head("manifests", "big.csv").orElseThrow(),
                T0, T0.plus(Duration.ofHours(12)), null).submitted(BATCH, 3));
        ledger.recordChunkSummary(JOB, new ChunkSummary(0, 10, 10, 0, List.of()), T0);
        ledger.recordChunkSummary(JOB, new ChunkSummary(2, 10, 10, 0, List.of()), T0);

        RedriveIngest.Redriven redriven = new RedriveIngest(jobs, smallChunks).redrive(JOB.value());

        // Then only chunk 1 is queued again, with the byte range it was first planned with
        assertThat(redriven.chunks()).containsExactly(1L);
        assertThat(ingestQueue.sent()).extracting(IngestTask::chunkNumber).containsExactly(1);
        assertThat(((IngestTask.CsvChunk) ingestQueue.sent().getFirst()).chunk().start()).isEqualTo(chunkBytes);
        assertThat(smallChunks.describeChunks(jobs.find(JOB).orElseThrow(), List.of(1L)))
                .isEqualTo("chunk 1 (lines starting in bytes " + chunkBytes + "-" + (2 * chunkBytes - 1) + ")");

        // And a stack whose chunk size changed since cannot redrive the job's chunks: it says so, queues nothing
        var otherSize = new RedriveIngest(jobs, new SubmitJob(jobs, manifests, batch, ingestQueue, chunkBytes * 2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> otherSize.redrive(JOB.value()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                    assertThat(e.getMessage()).contains("ManifestChunkBytes");
                });
        assertThat(ingestQueue.sent()).hasSize(1);
    }

    // ---- point 3: stuck in SUBMITTING ----

    @Test
    void shouldFinishTheSubmissionOfAJobLeftSubmittingAndFollowItToTheEnd() {
        // Given a job recorded by the API whose function died before its batch job and chunks existed
        jobs.put(Job.submitting(JOB, REQUEST, manifests.head("manifests", "m.csv").orElseThrow(), T0,
                T0.plus(Duration.ofHours(12)), null));
        tick(1);
        assertThat(batch.createCalls()).as("not while the API may still be at it").isZero();

        // When the monitor ticks after the grace period
        clock.advance(Duration.ofMinutes(2));
        tick(1);

        // Then it is submitted: batch job created with the job id as token, its chunk queued
        Job submitted = jobs.find(JOB).orElseThrow();
        assertThat(submitted.status()).isEqualTo(JobStatus.RESTORING);
        assertThat(submitted.batchJobId()).isEqualTo(BATCH);
        assertThat(ingestQueue.sent()).hasSize(1);
    }

    @Test
    void shouldFailAJobWhoseManifestChangedBeforeItsSubmissionWasFinishedWithANotificationAndAReport() {
        jobs.put(Job.submitting(JOB, REQUEST, manifests.head("manifests", "m.csv").orElseThrow(), T0,
                T0.plus(Duration.ofHours(12)), null));
        manifests.put("manifests", "m.csv", "bucket-1,other\n"); // replaced: its ETag no longer matches
        clock.advance(Duration.ofMinutes(3));

        tick(3);

        assertThat(batch.createCalls()).isZero();
        assertThat(notifier.statuses()).containsExactly("Failed");
        assertThat(jobs.find(JOB).orElseThrow().failureReason()).contains("could not be submitted")
                .contains("changed");
        assertThat(results.isComplete(JOB)).isTrue();
    }

    @Test
    void shouldFailWithANotificationAJobWhoseBatchJobIsRefusedWhenTheMonitorFinishesItsSubmission() {
        jobs.put(Job.submitting(JOB, REQUEST, manifests.head("manifests", "m.csv").orElseThrow(), T0,
                T0.plus(Duration.ofHours(12)), null));
        batch.refuseCreates(new ServiceException(ErrorCode.VALIDATION_FAILED, "the manifest has no valid first line"));
        clock.advance(Duration.ofMinutes(3));

        tick(3);

        assertThat(notifier.statuses()).containsExactly("Failed");
        assertThat(notifier.published().getLast().reason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("could not be submitted").contains("no valid first line"));
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void shouldKeepRetryingASubmissionThroughAnOutageThenFailItAfterAnHour() {
        jobs.put(Job.submitting(JOB, REQUEST, manifests.head("manifests", "m.csv").orElseThrow(), T0,
                T0.plus(Duration.ofHours(12)), null));
        batch.refuseCreates(new ServiceException(ErrorCode.UPSTREAM_FAILED,
                "S3 Batch Operations CreateJob failed (AWS request id R-1)"));

        clock.advance(Duration.ofMinutes(3));
        tick(50);
        boolean stillSubmitting = jobs.find(JOB).orElseThrow().status() == JobStatus.SUBMITTING
                && notifier.published().isEmpty();
        tick(10);

        assertThat(stillSubmitting).isTrue();
        assertThat(batch.createCalls()).isGreaterThan(50);
        assertThat(notifier.statuses()).containsExactly("Failed");
        assertThat(notifier.published().getLast().reason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("could not be submitted").contains("AWS request id R-1"));
    }

    @Test
    void shouldCancelAJobStillSubmittingOnceItsBatchJobExists() {
        jobs.put(Job.submitting(JOB, REQUEST, manifests.head("manifests", "m.csv").orElseThrow(), T0,
                T0.plus(Duration.ofHours(12)), null));

        Job cancelled = new CancelJob(jobs, batch).cancel(JOB.value());
        clock.advance(Duration.ofMinutes(3));
        tick(2); // submits, then cancels the batch job
        registerAllOfChunk0(3);
        tick(2);

        assertThat(cancelled.cancelRequested()).isTrue();
        assertThat(batch.cancelled()).containsExactly(BATCH);
        assertEndedAgreeing(JobStatus.CANCELLED, 0, 0, 0, 3);
    }

    private void registerAllOfChunk0(int objects) {
        registration().register(job(), 0,
                IntStream.range(0, objects).mapToObj(i -> new ChunkEntry(object(i), i * 12L)).toList());
        ledger.recordChunkSummary(JOB, new ChunkSummary(0, objects, objects, 0, List.of()), T0);
    }

    // ---- point 4: cancel during ingest ----

    @Test
    void shouldWaitForIngestBeforeEndingACancelledJobThenKeepItsNumbersForever() {
        // Given a job of two chunks, cancelled while only chunk 0 is ingested
        givenSubmittedJob(2, 2);
        restore(0);
        new CancelJob(jobs, batch).cancel(JOB.value());
        tick(2);
        assertThat(notifier.statuses()).doesNotContain("Cancelled");

        // When chunk 1 is ingested, the job ends Cancelled with a report of every manifest line
        registration().register(job(), 1, List.of(new ChunkEntry(object(2), 24)));
        ledger.recordChunkSummary(JOB, new ChunkSummary(1, 1, 1, 0, List.of()), T0);
        tick(2);
        assertEndedAgreeing(JobStatus.CANCELLED, 1, 0, 0, 2);

        // Then restores completing afterwards change nothing the user was told
        restore(1, 2);
        tick(3);
        assertEndedAgreeing(JobStatus.CANCELLED, 1, 0, 0, 2);
        assertThat(jobs.find(JOB).orElseThrow().counts()).isEqualTo(new JobCounts(1, 0));
    }

    // ---- a worker asks for the job to fail ----

    @Test
    void shouldCancelTheBatchJobAndEndFailedWhenAWorkerAsksTheJobToFail() {
        givenSubmittedJob(1, 3);
        jobs.requestFailure(JOB, "restore events of bucket-1 cannot be routed to this stack");
        s3.header(object(1), RESTORED); // restored, its event lost

        tick(3); // a whole reconciliation pass (two pages of two), then Failed


        assertThat(batch.cancelled()).containsExactly(BATCH);
        assertEndedAgreeing(JobStatus.FAILED, 1, 0, 0, 2);
        assertThat(notifier.published().getLast().reason()).contains("restore events of bucket-1 cannot be routed to this stack");
    }

    // ---- point 6: Timeout on time, point 5: the monitor's budget ----

    @Test
    void shouldReconcileAsManyPagesAsTheBudgetAllowsThenTimeOutInTheSameTick() {
        givenSubmittedJob(1, 3);
        for (int i = 0; i < 3; i++) {
            s3.header(object(i), RESTORED);
        }
        batch.set(BATCH, "Complete");
        clock.set(T0.plus(Duration.ofHours(12)).plusSeconds(1));
        TickBudget twoPages = budget(true, 2);

        monitor.tick(twoPages);

        // both pages (2 + 1 objects) reconciled in one tick: all three restored, so Complete, not Timeout
        assertEndedAgreeing(JobStatus.COMPLETE, 3, 0, 0, 0);
    }

    @Test
    void shouldStopTheRoundWhenTheBudgetRunsOutAndResumeItNextTick() {
        for (int j = 0; j < 3; j++) {
            JobId id = new JobId("job-" + j);
            jobs.put(Job.submitting(id, REQUEST, manifests.head("manifests", "m.csv").orElseThrow(),
                    T0.plusSeconds(j), T0.plus(Duration.ofHours(12)), null).submitted("batch-" + j, 1));
            batch.set("batch-" + j, "Active");
        }
        TickBudget oneJob = budget(false, 1);

        monitor.tick(oneJob);
        monitor.tick(oneJob);
        monitor.tick(oneJob);

        assertThat(notifier.published()).extracting(JobNotification::jobId).containsExactly("job-0", "job-1", "job-2");
    }

    /** A budget that allows further jobs or not, and {@code steps} steps in all (the first always runs). */
    private static TickBudget budget(boolean moreJobs, int steps) {
        int[] taken = {1};
        return new TickBudget() {
            @Override
            public boolean allowsAnotherJob() {
                return moreJobs;
            }

            @Override
            public boolean allowsAnotherStep() {
                return taken[0]++ < steps;
            }
        };
    }

    @Test
    void shouldRefuseARedriveOfAFinishedJob() {
        givenSubmittedJob(1, 1);
        restore(0);
        batch.set(BATCH, "Complete");
        tick(2);

        var redrive = new RedriveIngest(jobs, submitJob);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> redrive.redrive(JOB.value()))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        assertThat(Optional.of(jobs.find(JOB).orElseThrow().status())).contains(JobStatus.COMPLETE);
    }
}
