package io.s3bulkrestore.monitor;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.fakes.ScriptedBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.ports.ResultsReports;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import io.s3bulkrestore.model.JobLogContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorJobsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = new JobId("job-m");
    private static final String BATCH = "batch-m";
    private static final String RESTORED = "ongoing-request=\"false\", expiry-date=\"Mon, 21 Dec 2026 00:00:00 GMT\"";

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final InMemoryJobStore jobs = new InMemoryJobStore(ledger);
    private final ScriptedBatchOperations batch = new ScriptedBatchOperations();
    private final InMemoryCompletionReports completionReports = new InMemoryCompletionReports();
    private final FakeRestoreStatusChecker s3 = new FakeRestoreStatusChecker();
    private final InMemoryResultsReports results = new InMemoryResultsReports();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final RecordingIngestQueue ingestQueue = new RecordingIngestQueue();
    private final SubmitJob submitJob = new SubmitJob(jobs, manifests, batch, ingestQueue, 1 << 20);
    private final MonitorJobs.Settings settings = new MonitorJobs.Settings(10, 30, 2, 30, 50);

    private MonitorJobs monitor(Notifier using) {
        return new MonitorJobs(jobs, ledger, batch, completionReports, s3, results, using, submitJob, clock, settings);
    }

    private final MonitorJobs monitor = monitor(notifier);

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "k" + i);
    }

    private void givenJobOf(int objects) {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, "team-a");
        var manifest = CsvManifestFixture.put(manifests, "manifests", "m.csv",
                IntStream.range(0, objects).mapToObj(MonitorJobsTest::object).toList());
        Job job = Job.submitting(JOB, request, manifest.location(), T0, T0.plus(Duration.ofHours(12)), null)
                .submitted(BATCH, 1);
        jobs.put(job);
        new RegisterManifestObjects(ledger, clock, Duration.ofDays(30)).register(job, 0, manifest.entries());
        ledger.recordChunkSummary(JOB, new ChunkSummary(0, objects, objects, 0, List.of()), T0);
        batch.set(BATCH, "Active");
    }

    private void restore(int... indexes) {
        List<RestoreEvent> events = new ArrayList<>();
        for (int i : indexes) {
            events.add(RestoreEvent.completed(object(i), clock.instant()));
        }
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(events);
    }

    @Test
    void shouldPublishStepsThenCompleteWhenEveryObjectIsRestored() {
        givenJobOf(4);

        monitor.tick();
        restore(0);
        monitor.tick();
        monitor.tick();
        batch.set(BATCH, "Complete");
        restore(1, 2, 3);
        monitor.tick();
        monitor.tick();

        assertThat(notifier.statuses()).containsExactly("Restoring", "Restoring", "Complete");
        assertThat(notifier.published()).extracting(JobNotification::notificationId)
                .containsExactly("job-m:Restoring:0", "job-m:Restoring:20", "job-m:Complete:100");
        JobNotification complete = notifier.published().getLast();
        assertThat(complete.restoredObjects()).isEqualTo(4);
        assertThat(complete.reportUri()).contains("s3://reports/results/job-m.csv");
        Job finished = jobs.find(JOB).orElseThrow();
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(finished.reportUri()).isEqualTo("s3://reports/results/job-m.csv");
        assertThat(jobs.expiresAt(JOB)).contains(T0.plus(Duration.ofDays(30)));
        assertThat(jobs.isActive(JOB)).isFalse(); // the tick after it finished: its items had their TTL already
    }

    @Test
    void shouldMarkFailedTasksFromTheCompletionReportOnceAndCompleteWithFailures() {
        givenJobOf(3);
        completionReports.failed(BATCH, new FailedTask(object(2), "AccessDenied"));
        batch.set(BATCH, "Complete");
        restore(0, 1);

        monitor.tick();
        monitor.tick();

        assertThat(completionReports.reads()).isEqualTo(1);
        assertThat(notifier.statuses()).containsExactly("Complete");
        assertThat(notifier.published().getFirst().failedObjects()).isEqualTo(1);
        assertThat(results.report(JOB)).containsExactlyInAnyOrder(new ReportRow(object(0), "restored", ""),
                new ReportRow(object(1), "restored", ""), new ReportRow(object(2), "failed", "AccessDenied"));
    }

    @Test
    void shouldListAnObjectRestoredBeforeTheJobAsAlreadyRestoredAndCountItRestored() {
        // Given an object restored by hand the day before the job, its copy readable for another week
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(List.of(RestoreEvent.completed(
                object(0), T0.minus(Duration.ofDays(1))).withRestore(T0.plus(Duration.ofDays(7)), "GLACIER")));
        givenJobOf(2);
        batch.set(BATCH, "Complete");
        restore(1);

        monitor.tick();
        monitor.tick();

        assertThat(notifier.statuses()).containsExactly("Complete");
        assertThat(notifier.published().getFirst().restoredObjects()).isEqualTo(2);
        assertThat(results.report(JOB)).containsExactlyInAnyOrder(new ReportRow(object(0), "already restored", ""),
                new ReportRow(object(1), "restored", ""));
    }

    @Test
    void shouldFailWithTheBatchJobsReasons() {
        givenJobOf(2);
        batch.set(BATCH, "Failed", List.of("Reading the manifest failed"));

        monitor.tick();

        assertThat(notifier.statuses()).containsExactly("Failed");
        assertThat(notifier.published().getFirst().reason().orElseThrow()).contains("Reading the manifest failed");
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void shouldFailWhenEveryObjectFailed() {
        givenJobOf(2);
        completionReports.failed(BATCH, new FailedTask(object(0), "NoSuchKey"));
        completionReports.failed(BATCH, new FailedTask(object(1), "NoSuchKey"));
        batch.set(BATCH, "Complete");

        monitor.tick();

        assertThat(notifier.statuses()).containsExactly("Failed");
    }

    @Test
    void shouldReportCancelled() {
        givenJobOf(2);
        jobs.recordCancelRequested(JOB);
        batch.set(BATCH, "Cancelled");

        monitor.tick();
        monitor.tick();

        assertThat(notifier.statuses()).containsExactly("Cancelled");
    }

    @Test
    void shouldReconcileObjectsRestoredBeforeTheJobAfterTheStall() {
        givenJobOf(3);
        IntStream.range(0, 3).forEach(i -> s3.header(object(i), RESTORED));
        batch.set(BATCH, "Complete");

        monitor.tick();
        clock.advance(Duration.ofMinutes(31));
        monitor.tick();
        monitor.tick();
        monitor.tick();

        assertThat(notifier.statuses()).containsExactly("Restoring", "Restoring", "Complete");
        assertThat(s3.checks()).isEqualTo(3);
    }

    @Test
    void shouldTimeOutOnlyAfterReconcilingAndListTheMissingObjects() {
        givenJobOf(3);
        s3.header(object(0), RESTORED);
        s3.header(object(1), "ongoing-request=\"true\"");
        batch.set(BATCH, "Complete");
        assertThat(monitor.tick()).isEqualTo(new MonitorJobs.TickSummary(1, 0));

        clock.advance(Duration.ofHours(13));
        // one budgeted reconciliation (one page here: objects 0 and 1), then Timeout in the same tick, whatever
        // the job's size: object 2, which the attempt did not reach, is reported missing; the tick reports the job
        // it found past its deadline, and no longer once the job has its terminal status
        assertThat(monitor.tick()).isEqualTo(new MonitorJobs.TickSummary(1, 1));
        assertThat(monitor.tick().pastDeadline()).isZero();

        assertThat(notifier.statuses()).containsExactly("Restoring", "Timeout");
        assertThat(results.report(JOB)).containsExactlyInAnyOrder(new ReportRow(object(0), "restored", ""),
                new ReportRow(object(1), "missing", "no restore completion seen"),
                new ReportRow(object(2), "missing", "no restore completion seen"));
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.TIMEOUT);
    }

    @Test
    void shouldNameTheJobInTheLogContextWhileLookingAtIt() {
        givenJobOf(1);
        batch.set(BATCH, "Complete");
        restore(0);
        List<String> contexts = new ArrayList<>();
        MonitorJobs watching = monitor(notification -> contexts.add(MDC.get(JobLogContext.KEY)));

        watching.tick();

        assertThat(contexts).isNotEmpty().containsOnly(JOB.value());
        assertThat(MDC.get(JobLogContext.KEY)).isNull();
    }

    @Test
    void shouldResendTheSameNotificationAfterACrashBetweenPublishAndRecord() {
        givenJobOf(1);
        batch.set(BATCH, "Complete");
        restore(0);
        List<JobNotification> published = new ArrayList<>();
        MonitorJobs crashing = monitor(notification -> {
            published.add(notification);
            throw new IllegalStateException("crash after publishing");
        });

        crashing.tick();
        monitor.tick();
        monitor.tick();

        assertThat(published).extracting(JobNotification::notificationId).containsExactly("job-m:Complete:100");
        assertThat(notifier.published()).extracting(JobNotification::notificationId)
                .containsExactly("job-m:Complete:100");
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.COMPLETE);
    }

    @Test
    void shouldNeverChangeTheDecidedTerminalStatusAfterACrash() {
        givenJobOf(2);
        batch.set(BATCH, "Complete");
        clock.advance(Duration.ofHours(13));
        MonitorJobs crashing = monitor(notification -> {
            throw new IllegalStateException("crash before publishing");
        });
        crashing.tick(); // reconciles (nothing restored), decides Timeout, crashes
        restore(0, 1);   // late events would now say Complete

        monitor.tick();

        assertThat(notifier.statuses()).containsExactly("Timeout");
    }

    @Test
    void shouldLookAtNoMoreJobsThanTheLimitPerTick() {
        givenJobOf(1);
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        jobs.put(Job.submitting(new JobId("job-later"), request, manifests.head("manifests", "m.csv").orElseThrow(),
                T0.plusSeconds(1), T0.plus(Duration.ofHours(12)), null).submitted("batch-later", 1));
        batch.set("batch-later", "Active");
        var small = new MonitorJobs(jobs, ledger, batch, completionReports, s3, results, notifier, submitJob, clock,
                new MonitorJobs.Settings(10, 30, 2, 30, 1));

        small.tick();
        small.tick();
        small.tick();

        assertThat(batch.describeCalls()).isEqualTo(3);
        assertThat(notifier.published()).extracting(JobNotification::jobId)
                .containsExactly("job-m", "job-later"); // one job per tick, taking turns

    }

    @Test
    void shouldResendTheSameProgressStepAfterACrashBetweenPublishAndRecordEvenWhenProgressMovedOn() {
        givenJobOf(10);
        List<JobNotification> beforeCrash = new ArrayList<>();
        MonitorJobs crashing = monitor(notification -> {
            beforeCrash.add(notification);
            throw new IllegalStateException("crash after publishing, before recording");
        });

        crashing.tick();                 // publishes Restoring 0, the record is lost
        restore(0, 1, 2, 3, 4);          // meanwhile progress reaches 50 %
        monitor.tick();                  // re-sends the notification in the outbox: same id
        monitor.tick();                  // then the step progress has reached

        assertThat(beforeCrash).extracting(JobNotification::notificationId).containsExactly("job-m:Restoring:0");
        assertThat(notifier.published()).extracting(JobNotification::notificationId)
                .containsExactly("job-m:Restoring:0", "job-m:Restoring:50");
        assertThat(jobs.monitorState(JOB).outbox()).isEmpty();
        assertThat(jobs.monitorState(JOB).lastNotifiedStep()).isEqualTo(50);
    }

    @Test
    void shouldResendTheTerminalNotificationInTheOutboxAfterACrashBetweenPublishAndRecord() {
        givenJobOf(1);
        batch.set(BATCH, "Complete");
        restore(0);
        monitor(notification -> {
            throw new IllegalStateException("crash after publishing, before recording");
        }).tick();
        assertThat(jobs.monitorState(JOB).outbox()).map(PendingNotification::notificationId)
                .contains("job-m:Complete:100");

        monitor.tick();
        monitor.tick();

        assertThat(notifier.published()).extracting(JobNotification::notificationId)
                .containsExactly("job-m:Complete:100");
        assertThat(notifier.published().getFirst().reportUri()).contains("s3://reports/results/job-m.csv");
    }

    @Test
    void shouldWriteALargeReportAPartPerTickAndNameItOnlyOnceComplete() {
        givenJobOf(40);
        restore(IntStream.range(0, 40).toArray());
        batch.set(BATCH, "Complete");
        int partBytes = 300;
        var reports = new InMemoryResultsReports(partBytes);
        var small = new MonitorJobs(jobs, ledger, batch, completionReports, s3, reports, notifier, submitJob, clock,
                new MonitorJobs.Settings(10, 30, 2, 30, 50, partBytes));

        int ticks = 0;
        while (notifier.published().isEmpty() && ticks < 50) {
            small.tick();
            ticks++;
        }

        // 40 rows of ~24 bytes and a header: several parts of >= 300 bytes (the fake refuses smaller ones but
        // the last), one per tick; the notification goes out in the tick that completes the report
        List<Integer> parts = reports.partsWritten();
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(parts).isEqualTo(IntStream.rangeClosed(1, parts.size()).boxed().toList());
        assertThat(ticks).isEqualTo(parts.size());
        assertThat(reports.report(JOB)).hasSize(40).allMatch(row -> row.outcome().equals("restored"));
        assertThat(reports.text(JOB)).startsWith(ReportCsv.HEADER);
        assertThat(notifier.published()).singleElement().satisfies(complete ->
                assertThat(complete.reportUri()).contains("s3://reports/results/job-m.csv"));
    }

    @Test
    void shouldRewriteTheSamePartAfterACrashBetweenUploadingItAndRecordingIt() {
        givenJobOf(40);
        restore(IntStream.range(0, 40).toArray());
        batch.set(BATCH, "Complete");
        int partBytes = 300;
        var reports = new InMemoryResultsReports(partBytes);
        var settings = new MonitorJobs.Settings(10, 30, 2, 30, 50, partBytes);
        var crashAfterPart2 = new io.s3bulkrestore.ports.ResultsReports() {
            @Override
            public String start(JobId job) {
                return reports.start(job);
            }

            @Override
            public void writePart(JobId job, String uploadId, int partNumber, byte[] bytes) {
                reports.writePart(job, uploadId, partNumber, bytes);
                if (partNumber == 2) {
                    throw new IllegalStateException("crash after uploading part 2");
                }
            }

            @Override
            public String complete(JobId job, String uploadId) {
                return reports.complete(job, uploadId);
            }

            @Override
            public void abort(JobId job, String uploadId) {
                reports.abort(job, uploadId);
            }
        };
        var crashing = new MonitorJobs(jobs, ledger, batch, completionReports, s3, crashAfterPart2, notifier, submitJob, clock,
                settings);
        var healthy = new MonitorJobs(jobs, ledger, batch, completionReports, s3, reports, notifier, submitJob, clock, settings);

        crashing.tick(); // part 1
        crashing.tick(); // part 2 uploaded, not recorded
        for (int i = 0; i < 5 && notifier.published().isEmpty(); i++) {
            healthy.tick();
        }

        assertThat(reports.partsWritten()).startsWith(1, 2, 2, 3); // part 2 rewritten from the same cursor
        assertThat(reports.uploadsStarted()).isEqualTo(1);
        assertThat(reports.report(JOB)).extracting(ReportRow::object).doesNotHaveDuplicates().hasSize(40);
        assertThat(notifier.statuses()).containsExactly("Complete");
    }

    @Test
    void shouldLeaveTheActiveIndexTheTickAfterAJobFinishesWithNoWriteToItsObjects() {
        givenJobOf(5);
        restore(0, 1, 2, 3, 4);
        batch.set(BATCH, "Complete");
        int changes = ledger.changesSince(0).size();

        monitor.tick(); // Complete
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(jobs.isActive(JOB)).isTrue();
        monitor.tick();

        assertThat(jobs.isActive(JOB)).isFalse();
        assertThat(jobs.activeJobs(10)).isEmpty();
        assertThat(ledger.changesSince(changes)).isEmpty(); // the records got their TTL when they were written
        assertThat(ledger.keptUntil(object(4))).contains(T0.plus(Duration.ofHours(12)).plus(Duration.ofDays(30)));
        assertThat(notifier.statuses()).containsExactly("Complete");
    }

    @Test
    void shouldRegisterAgainTheObjectsOfAJobRunningWhenTheStackWasUpgradedThenEndItExactly() {
        // Given a job of tracking version 1 at upgrade: its chunk summary is in the jobs table, its memberships are
        // not in this version's records (they stayed in the old table), one object's restore completed before
        givenJobOf(3);
        InMemoryRestoreLedger upgraded = new InMemoryRestoreLedger();
        InMemoryJobStore upgradedJobs = new InMemoryJobStore(upgraded);
        Job job = jobs.find(JOB).orElseThrow();
        upgradedJobs.put(job);
        upgraded.recordChunkSummary(JOB, new ChunkSummary(0, 3, 3, 0, List.of()), T0);
        upgradedJobs.markUnrecorded(JOB);
        s3.header(object(0), RESTORED);
        var upgradedSubmit = new SubmitJob(upgradedJobs, manifests, batch, ingestQueue, 1 << 20);
        var monitor = new MonitorJobs(upgradedJobs, upgraded, batch, completionReports, s3, results, notifier,
                upgradedSubmit, clock, settings);

        // When the monitor ticks: every chunk is queued again and the job waits for its ingest
        monitor.tick();
        assertThat(ingestQueue.sent()).hasSize(1);
        assertThat(upgraded.chunkSummaries(JOB)).isEmpty();
        assertThat(upgradedJobs.find(JOB).orElseThrow().total()).isEmpty();
        // and the chunk is ingested anew, the other two restores complete, the batch job is done
        new RegisterManifestObjects(upgraded, clock, Duration.ofDays(30)).register(job, 0,
                CsvManifestFixture.put(manifests, "manifests", "m.csv",
                        IntStream.range(0, 3).mapToObj(MonitorJobsTest::object).toList()).entries());
        upgraded.recordChunkSummary(JOB, new ChunkSummary(0, 3, 3, 0, List.of()), T0);
        new RecordRestoreEvents(upgraded, FakeCurrentVersions.neverAsked()).apply(List.of(RestoreEvent.completed(object(1), clock.instant()),
                RestoreEvent.completed(object(2), clock.instant())));
        batch.set(BATCH, "Complete");
        monitor.tick();
        clock.advance(Duration.ofMinutes(31)); // past StallMinutes: reconciliation finds object 0 restored
        for (int i = 0; i < 3; i++) {
            monitor.tick();
        }

        // Then the job ends Complete with every object counted once
        JobNotification last = notifier.published().getLast();
        assertThat(last.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(last.restoredObjects()).isEqualTo(3);
        assertThat(last.totalObjects()).contains(3L);
        assertThat(ingestQueue.sent()).hasSize(1); // registered again once
    }
}
