package io.s3bulkrestore.monitor;

import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.FakeObjectArchiveStates;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryFollowUpManifests;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV manifest mixing Glacier classes, Intelligent-Tiering archive and access tiers and STANDARD objects is one job:
 * its first batch job's report says which objects did not fit the request, HeadObject on those alone says why, and a
 * follow-up batch job restores the Intelligent-Tiering archive objects without days, in the same job.
 */
class FollowUpRestoresTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = new JobId("job-mixed");

    private static final ObjectId GLACIER = ObjectId.of("bucket-1", "glacier");
    private static final ObjectId DEEP = ObjectId.of("bucket-1", "deep");
    private static final ObjectId IT_ARCHIVE = ObjectId.of("bucket-1", "it-archive");
    private static final ObjectId IT_DEEP_ARCHIVE = ObjectId.of("bucket-1", "it-deep-archive");
    private static final ObjectId IT_FREQUENT = ObjectId.of("bucket-1", "it-frequent");
    private static final ObjectId STANDARD = ObjectId.of("bucket-1", "standard");
    private static final ObjectId GONE = ObjectId.of("bucket-1", "gone");
    private static final List<ObjectId> MIXED = List.of(GLACIER, DEEP, IT_ARCHIVE, IT_DEEP_ARCHIVE, IT_FREQUENT,
            STANDARD);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final InMemoryJobStore store = new InMemoryJobStore(ledger);
    private final RecordingBatchOperations batch = new RecordingBatchOperations();
    private final InMemoryCompletionReports completionReports = new InMemoryCompletionReports();
    private final InMemoryResultsReports results = new InMemoryResultsReports();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final FakeObjectArchiveStates heads = new FakeObjectArchiveStates()
            .object(GLACIER, "GLACIER", null)
            .object(DEEP, "DEEP_ARCHIVE", null)
            .object(IT_ARCHIVE, "INTELLIGENT_TIERING", "ARCHIVE_ACCESS")
            .object(IT_DEEP_ARCHIVE, "INTELLIGENT_TIERING", "DEEP_ARCHIVE_ACCESS")
            .object(IT_FREQUENT, "INTELLIGENT_TIERING", null)
            .object(STANDARD, "STANDARD", null);
    private final InMemoryFollowUpManifests followUpManifests = new InMemoryFollowUpManifests();
    private final MonitorJobs.Settings settings = new MonitorJobs.Settings(10, 30, 100, 30, 50);

    private MonitorJobs monitor(MonitoredJobStore jobs) {
        var submitJob = new SubmitJob(jobs, manifests, batch, new RecordingIngestQueue(), 1 << 20);
        return new MonitorJobs(jobs, ledger, batch, completionReports, new FakeRestoreStatusChecker(), results,
                notifier, submitJob, null, new FollowUpRestores(jobs, new io.s3bulkrestore.jobs.GroupedBatchOperations(
                batch), heads, followUpManifests), clock, settings);
    }

    private final MonitorJobs monitor = monitor(store);

    /** A job over these objects, its first batch job created ("batch-1"), every object registered. */
    private String givenJob(StorageFamily storage, List<ObjectId> objects) {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD,
                storage.takesExpirationDays() ? 3 : null, storage, ManifestFormat.CSV, null);
        var manifest = CsvManifestFixture.put(manifests, "manifests", "m.csv", objects);
        Job job = Job.submitting(JOB, request, manifest.location(), T0, T0.plus(Duration.ofHours(48)), null);
        String first = batch.createRestoreJob(job, java.util.Optional.empty());
        job = job.submitted(first, 1);
        store.put(job);
        new RegisterManifestObjects(ledger, clock, Duration.ofDays(30)).register(job, 0, manifest.entries());
        ledger.recordChunkSummary(JOB, new ChunkSummary(0, objects.size(), objects.size(), 0, List.of()), T0);
        return first;
    }

    private void restore(ObjectId... objects) {
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(java.util.Arrays.stream(objects)
                .map(object -> RestoreEvent.completed(object, clock.instant())).toList());
    }

    /** The first batch job ran a GLACIER request (with days) over the mixed manifest, as S3 answers it. */
    private void givenTheGlacierRequestRan(String first) {
        completionReports.failed(first, new FailedTask(IT_ARCHIVE, "InvalidArgument"));
        completionReports.failed(first, new FailedTask(IT_DEEP_ARCHIVE, "InvalidArgument"));
        completionReports.failed(first, new FailedTask(IT_FREQUENT, "ObjectAlreadyInActiveTierError"));
        completionReports.failed(first, new FailedTask(STANDARD, "InvalidObjectState"));
        batch.setStatus(first, "Complete");
        restore(GLACIER, DEEP);
    }

    @Test
    void shouldRestoreIntelligentTieringArchiveObjectsWithAFollowUpBatchJobAndSkipTheObjectsNotArchived() {
        String first = givenJob(StorageFamily.GLACIER, MIXED);
        givenTheGlacierRequestRan(first);

        monitor.tick();

        // Then only the objects whose code left their class open were asked about, and a second batch job restores
        // the Intelligent-Tiering archive ones, without days, in the same job
        assertThat(heads.asked()).containsExactlyInAnyOrder(IT_ARCHIVE, IT_DEEP_ARCHIVE, STANDARD);
        assertThat(followUpManifests.objectsOf(JOB)).containsExactly(IT_ARCHIVE, IT_DEEP_ARCHIVE);
        assertThat(batch.followUpRequests()).hasSize(1);
        Job job = store.find(JOB).orElseThrow();
        assertThat(job.batchJobId()).isEqualTo(first + ",batch-2");
        assertThat(job.status()).isEqualTo(JobStatus.RESTORING);
        assertThat(notifier.statuses()).doesNotContain("Complete", "Failed");

        // When the follow-up restores them
        monitor.tick();
        batch.setStatus("batch-2", "Complete");
        restore(IT_ARCHIVE, IT_DEEP_ARCHIVE);
        monitor.tick();
        monitor.tick();

        // Then one Complete: 4 restored, 2 not archived, none failed, each object in the one report
        assertThat(notifier.statuses()).containsOnlyOnce("Complete").doesNotContain("Failed");
        JobNotification complete = notifier.published().getLast();
        assertThat(complete.restoredObjects()).isEqualTo(4);
        assertThat(complete.skippedObjects()).isEqualTo(2);
        assertThat(complete.failedObjects()).isZero();
        List<ReportRow> report = results.report(JOB);
        assertThat(report).extracting(ReportRow::object).containsExactlyInAnyOrderElementsOf(MIXED);
        assertThat(report).filteredOn(row -> row.kind() == ReportRow.Kind.RESTORED).extracting(ReportRow::object)
                .containsExactlyInAnyOrder(GLACIER, DEEP, IT_ARCHIVE, IT_DEEP_ARCHIVE);
        assertThat(report).filteredOn(row -> row.object().equals(STANDARD)).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo(ReportRow.Kind.NOT_ARCHIVED);
            assertThat(row.error()).startsWith("NotArchived: a STANDARD object").contains("InvalidObjectState");
        });
        assertThat(report).filteredOn(row -> row.object().equals(IT_FREQUENT)).singleElement()
                .extracting(ReportRow::kind).isEqualTo(ReportRow.Kind.NOT_ARCHIVED);
        assertThat(completionReports.reads()).isEqualTo(2); // the first batch job's report, then the follow-up's
    }

    @Test
    void shouldReportAFailureOfTheFollowUpBatchJobsTasksWithItsCode() {
        String first = givenJob(StorageFamily.GLACIER, MIXED);
        givenTheGlacierRequestRan(first);
        monitor.tick();
        completionReports.failed("batch-2", new FailedTask(IT_DEEP_ARCHIVE, "AccessDenied"));
        batch.setStatus("batch-2", "Complete");
        restore(IT_ARCHIVE);

        monitor.tick();
        monitor.tick();

        assertThat(notifier.statuses()).containsOnlyOnce("Complete");
        assertThat(results.report(JOB)).filteredOn(row -> row.object().equals(IT_DEEP_ARCHIVE)).singleElement()
                .satisfies(row -> {
                    assertThat(row.kind()).isEqualTo(ReportRow.Kind.FAILED);
                    assertThat(row.error()).isEqualTo("AccessDenied");
                });
        assertThat(batch.followUpRequests()).hasSize(1); // the follow-up's report is not sorted again
    }

    @Test
    void shouldFailGlacierObjectsOfAnIntelligentTieringManifestSayingToGiveExpirationDays() {
        String first = givenJob(StorageFamily.INTELLIGENT_TIERING, List.of(GLACIER, IT_ARCHIVE, STANDARD));
        completionReports.failed(first, new FailedTask(GLACIER, "InvalidArgument"));
        completionReports.failed(first, new FailedTask(STANDARD, "InvalidObjectState"));
        batch.setStatus(first, "Complete");
        restore(IT_ARCHIVE);

        monitor.tick();
        monitor.tick();

        assertThat(batch.followUpRequests()).isEmpty();
        assertThat(notifier.statuses()).containsExactly("Complete");
        assertThat(results.report(JOB)).filteredOn(row -> row.object().equals(GLACIER)).singleElement()
                .satisfies(row -> {
                    assertThat(row.kind()).isEqualTo(ReportRow.Kind.FAILED);
                    assertThat(row.error()).startsWith("InvalidArgument: a GLACIER object is restored for a number"
                            + " of days").contains("storage GLACIER and expiration_days");
                });
        assertThat(results.report(JOB)).filteredOn(row -> row.object().equals(STANDARD)).singleElement()
                .extracting(ReportRow::kind).isEqualTo(ReportRow.Kind.NOT_ARCHIVED);
    }

    @Test
    void shouldKeepTheCodeOfAnObjectS3NoLongerHas() {
        String first = givenJob(StorageFamily.GLACIER, List.of(GLACIER, GONE));
        completionReports.failed(first, new FailedTask(GONE, "InvalidObjectState"));
        batch.setStatus(first, "Complete");
        restore(GLACIER);

        monitor.tick();
        monitor.tick();

        assertThat(batch.followUpRequests()).isEmpty();
        assertThat(results.report(JOB)).contains(new ReportRow(GONE, "failed", "InvalidObjectState"));
    }

    @Test
    void shouldAskS3AgainNextTickWhenItDidNotAnswerAndSettleNothingMeanwhile() {
        String first = givenJob(StorageFamily.GLACIER, MIXED);
        givenTheGlacierRequestRan(first);
        heads.unreachable(true);

        monitor.tick();

        assertThat(store.find(JOB).orElseThrow().counts().failed()).isZero();
        assertThat(store.find(JOB).orElseThrow().counts().skipped()).isZero();
        assertThat(batch.followUpRequests()).isEmpty();
        assertThat(store.find(JOB).orElseThrow().batchJobId()).isEqualTo(first);

        heads.unreachable(false);
        monitor.tick();

        assertThat(store.find(JOB).orElseThrow().batchJobId()).isEqualTo(first + ",batch-2");
        assertThat(followUpManifests.objectsOf(JOB)).containsExactly(IT_ARCHIVE, IT_DEEP_ARCHIVE);
    }

    @Test
    void shouldCreateOneFollowUpBatchJobWhenATickStopsBetweenCreatingAndRecordingIt() {
        String first = givenJob(StorageFamily.GLACIER, MIXED);
        givenTheGlacierRequestRan(first);
        MonitorJobs crashingOnce = monitor(crashingOnce(store, "recordFollowUpBatchJob"));

        crashingOnce.tick(); // creates the follow-up, then dies before recording it
        assertThat(store.find(JOB).orElseThrow().batchJobId()).isEqualTo(first);
        monitor.tick();

        assertThat(batch.followUpRequests()).hasSize(2);
        assertThat(batch.followUpRequests().get(1)).isEqualTo(batch.followUpRequests().get(0)); // same manifest, ETag
        assertThat(batch.batchJobCount()).isEqualTo(2); // the first and one follow-up
        assertThat(store.find(JOB).orElseThrow().batchJobId()).isEqualTo(first + ",batch-2");
        assertThat(followUpManifests.objectsOf(JOB)).containsExactly(IT_ARCHIVE, IT_DEEP_ARCHIVE);

        monitor.tick();
        batch.setStatus("batch-2", "Complete");
        restore(IT_ARCHIVE, IT_DEEP_ARCHIVE);
        monitor.tick();
        monitor.tick();
        assertThat(notifier.statuses()).containsOnlyOnce("Complete");
        assertThat(notifier.published().getLast().restoredObjects()).isEqualTo(4);
        assertThat(notifier.published().getLast().failedObjects()).isZero();
    }

    @Test
    void shouldNotFollowUpTheObjectsOfACancelledJob() {
        String first = givenJob(StorageFamily.GLACIER, MIXED);
        givenTheGlacierRequestRan(first);
        batch.setStatus(first, "Cancelled"); // cancelled after it had tried every object
        store.recordCancelRequested(JOB);

        monitor.tick();
        monitor.tick();

        assertThat(batch.followUpRequests()).isEmpty();
        assertThat(notifier.statuses()).containsExactly("Cancelled");
        assertThat(results.report(JOB)).filteredOn(row -> row.object().equals(IT_ARCHIVE)).singleElement()
                .extracting(ReportRow::error).isEqualTo("InvalidArgument");
    }

    /** The store, but the first call of {@code method} throws (a tick that dies there). */
    private static MonitoredJobStore crashingOnce(MonitoredJobStore store, String method) {
        AtomicInteger calls = new AtomicInteger();
        return (MonitoredJobStore) Proxy.newProxyInstance(MonitoredJobStore.class.getClassLoader(),
                new Class<?>[]{MonitoredJobStore.class}, (proxy, called, args) -> {
                    if (called.getName().equals(method) && calls.getAndIncrement() == 0) {
                        throw new IllegalStateException("the tick died here");
                    }
                    try {
                        return called.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
