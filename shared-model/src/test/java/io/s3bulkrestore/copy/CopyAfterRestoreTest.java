package io.s3bulkrestore.copy;

import io.s3bulkrestore.fakes.CrashingRestoreLedger.InjectedCrash;
import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.FakeObjectCopier;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.RecordingCopyQueue;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.fakes.ScriptedBatchOperations;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.DestinationKeys;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.model.TargetStorageClass;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Copy-after-restore through the domain: registration marks a copying job's objects, the stream of record changes
 * calls for each restored object's copy once, the worker copies and records it once, and the monitor ends the job
 * only when every restored object's copy is made or failed. The time is an injected clock.
 */
class CopyAfterRestoreTest {

    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final JobId JOB = new JobId("job-copy");
    private static final String BATCH = "batch-copy";
    private static final CopySpec TO_VAULT = new CopySpec("vault", DestinationKeys.of("data/", "kept/"),
            TargetStorageClass.STANDARD_IA, true, null);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final InMemoryJobStore jobs = new InMemoryJobStore(ledger);
    private final ScriptedBatchOperations batch = new ScriptedBatchOperations();
    private final InMemoryResultsReports results = new InMemoryResultsReports();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final FakeObjectCopier copier = new FakeObjectCopier();
    private final RecordingCopyQueue continuations = new RecordingCopyQueue();
    private final MonitorJobs monitor = new MonitorJobs(jobs, ledger, batch, new InMemoryCompletionReports(),
            new FakeRestoreStatusChecker(), results, notifier,
            new SubmitJob(jobs, manifests, batch, new RecordingIngestQueue(), 1 << 20), null, clock,
            new MonitorJobs.Settings(10, 30, 100, 30, 50));

    private static ObjectId object(int i) {
        return new ObjectId("archive", "data/k" + i, "v" + i);
    }

    private void givenJobOf(int objects, CopySpec copy) {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, "team-a").withCopy(copy);
        var manifest = CsvManifestFixture.put(manifests, "manifests", "m.csv",
                IntStream.range(0, objects).mapToObj(CopyAfterRestoreTest::object).toList());
        Job job = Job.submitting(JOB, request, manifest.location(), T0, T0.plus(Duration.ofHours(12)), null)
                .submitted(BATCH, 1);
        jobs.put(job);
        new RegisterManifestObjects(ledger, clock, Duration.ofDays(30)).register(job, 0, manifest.entries());
        ledger.recordChunkSummary(JOB, new ChunkSummary(0, objects, objects, 0, List.of()), T0);
        batch.set(BATCH, "Complete");
    }

    /** Restores the objects, and returns the copy tasks the stream's changes call for (the tally function's). */
    private List<CopyTask> restore(int... indexes) {
        int from = ledger.changesSince(0).size();
        List<RestoreEvent> events = new ArrayList<>();
        var current = new FakeCurrentVersions();
        for (int i : indexes) {
            events.add(RestoreEvent.completed(object(i), clock.instant()));
            current.current(object(i));
        }
        new RecordRestoreEvents(ledger, current).apply(events);
        return CopyTriggers.of(ledger.changesSince(from));
    }

    private CopyRestoredObjects worker(RestoreLedger using, int maxAttempts) {
        return new CopyRestoredObjects(jobs::find, using, FakeCurrentVersions.neverAsked(), copier, continuations,
                maxAttempts);
    }

    private CopyRestoredObjects worker() {
        return worker(ledger, 3);
    }

    @Test
    void shouldCopyEachRestoredObjectOnceToItsDestinationAndCountItFromTheRecords() {
        givenJobOf(3, TO_VAULT);

        List<CopyTask> tasks = restore(0, 1, 2);
        assertThat(tasks).extracting(CopyTask::object).containsExactly(object(0), object(1), object(2));
        tasks.forEach(task -> assertThat(worker().copy(task, 1)).isEqualTo(CopyRestoredObjects.Result.COPIED));

        assertThat(copier.destinations()).containsOnlyKeys("vault/kept/k0", "vault/kept/k1", "vault/kept/k2");
        CopyRequest first = copier.destinations().get("vault/kept/k0");
        assertThat(first.source()).isEqualTo(object(0));
        assertThat(first.storageClass()).isEqualTo(TargetStorageClass.STANDARD_IA);
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(3, 0, 0, 3, 0));
        assertThat(ledger.countsOf(JOB)).isEqualTo(ledger.derivedCountsOf(JOB));
    }

    @Test
    void shouldCopyNothingTwiceUnderDuplicateTasksAndCountEachCopyOnce() {
        givenJobOf(2, TO_VAULT);
        List<CopyTask> tasks = restore(0, 1);

        for (int round = 0; round < 3; round++) { // every task delivered three times
            tasks.forEach(task -> worker().copy(task, 1));
        }
        // a second restore event of the same objects changes nothing the copies depend on
        assertThat(restore(0, 1)).isEmpty();

        assertThat(copier.writes()).isEqualTo(2);
        assertThat(copier.requests()).hasSize(2); // the duplicates found the copy recorded and did not ask S3
        assertThat(ledger.countsOf(JOB).copied()).isEqualTo(2);
    }

    @Test
    void shouldRecordACopyMadeBeforeACrashWhenItsTaskIsDeliveredAgain() {
        givenJobOf(1, TO_VAULT);
        CopyTask task = restore(0).getFirst();
        RestoreLedger crashing = new DiesBeforeRecordingACopy(ledger);

        assertThatThrownBy(() -> worker(crashing, 3).copy(task, 1)).isInstanceOf(InjectedCrash.class);
        assertThat(copier.writes()).isEqualTo(1);
        assertThat(ledger.countsOf(JOB).copied()).isZero(); // copied, not recorded

        assertThat(worker().copy(task, 2)).isEqualTo(CopyRestoredObjects.Result.COPIED);

        assertThat(copier.writes()).isEqualTo(1); // found at the destination, not written again
        assertThat(ledger.countsOf(JOB).copied()).isEqualTo(1);
    }

    @Test
    void shouldRetryAPassingFailureThenRecordItWithItsCodeAtTheLastAttempt() {
        givenJobOf(1, TO_VAULT);
        copier.answering("data/k0", new CopyOutcome.Failed("SlowDown", true), new CopyOutcome.Failed("SlowDown", true),
                new CopyOutcome.Failed("SlowDown", true));
        CopyTask task = restore(0).getFirst();

        assertThat(worker().copy(task, 1)).isEqualTo(CopyRestoredObjects.Result.RETRY);
        assertThat(worker().copy(task, 2)).isEqualTo(CopyRestoredObjects.Result.RETRY);
        assertThat(worker().copy(task, 3)).isEqualTo(CopyRestoredObjects.Result.FAILED);

        assertThat(ledger.records(List.of(object(0))).get(object(0)).outcome(JOB).orElseThrow().copy())
                .contains(CopyResult.failed("SlowDown"));
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(1, 0, 0, 0, 1));
    }

    @Test
    void shouldContinueACopyThatMadeProgressWithANewTaskAndNotCountItAsAnAttempt() {
        givenJobOf(1, TO_VAULT);
        // more deliveries that each copy a part than maxAttempts (3): progress is not failure
        copier.answering("data/k0", new CopyOutcome.Unfinished("t1", 1, 5, 1, CopyOutcome.Unfinished.OUT_OF_TIME),
                new CopyOutcome.Unfinished("t2", 2, 5, 1, "SlowDown"),
                new CopyOutcome.Unfinished("t3", 4, 5, 2, CopyOutcome.Unfinished.OUT_OF_TIME),
                new CopyOutcome.Unfinished("t4", 5, 5, 1, CopyOutcome.Unfinished.OUT_OF_TIME));
        CopyTask task = restore(0).getFirst();

        for (int delivery = 0; delivery < 4; delivery++) {
            // each continuation is a new message: SQS counts its deliveries from 1
            assertThat(worker().copy(task, 1)).isEqualTo(CopyRestoredObjects.Result.CONTINUED);
            task = continuations.sent().getLast();
        }
        assertThat(worker().copy(task, 1)).isEqualTo(CopyRestoredObjects.Result.COPIED);

        assertThat(continuations.sent()).extracting(CopyTask::resumeToken).containsExactly("t1", "t2", "t3", "t4");
        assertThat(continuations.sent()).extracting(CopyTask::object).containsOnly(object(0));
        assertThat(copier.resumeTokens()).containsExactly(Optional.empty(), Optional.of("t1"), Optional.of("t2"),
                Optional.of("t3"), Optional.of("t4"));
        assertThat(ledger.countsOf(JOB).copied()).isEqualTo(1);
        assertThat(copier.abandoned()).isEmpty();
    }

    @Test
    void shouldCountADeliveryThatCopiedNoPartAsAFailedAttemptAndAbandonTheCopyAtTheLast() {
        givenJobOf(1, TO_VAULT);
        CopyOutcome stalled = new CopyOutcome.Unfinished("t1", 2, 5, 0, "SlowDown");
        copier.answering("data/k0", stalled, stalled, stalled);
        CopyTask task = restore(0).getFirst().continuedFrom("t1");

        assertThat(worker().copy(task, 1)).isEqualTo(CopyRestoredObjects.Result.RETRY);
        assertThat(worker().copy(task, 2)).isEqualTo(CopyRestoredObjects.Result.RETRY);
        assertThat(worker().copy(task, 3)).isEqualTo(CopyRestoredObjects.Result.FAILED);

        assertThat(continuations.sent()).isEmpty();
        assertThat(copier.abandoned()).containsExactly("t1");
        assertThat(ledger.records(List.of(object(0))).get(object(0)).outcome(JOB).orElseThrow().copy())
                .contains(CopyResult.failed("SlowDown"));
    }

    @Test
    void shouldAbandonAnUnfinishedCopyWhoseJobEndedOrWhoseCopyWasRecordedMeanwhile() {
        givenJobOf(2, TO_VAULT);
        List<CopyTask> tasks = restore(0, 1);
        worker().copy(tasks.get(0), 1); // copied and recorded by a duplicate

        assertThat(worker().copy(tasks.get(0).continuedFrom("t0"), 1))
                .isEqualTo(CopyRestoredObjects.Result.NOTHING_TO_DO);
        jobs.put(jobs.find(JOB).orElseThrow().withStatus(JobStatus.TIMEOUT));
        assertThat(worker().copy(tasks.get(1).continuedFrom("t1"), 1))
                .isEqualTo(CopyRestoredObjects.Result.NOTHING_TO_DO);

        assertThat(copier.abandoned()).containsExactly("t0", "t1");
        assertThat(copier.requests()).hasSize(1);
    }

    @Test
    void shouldRecordAFailureThatCannotPassAtOnceAndAnExpiredRestoreAsSuch() {
        givenJobOf(2, TO_VAULT);
        copier.answering("data/k0", new CopyOutcome.Failed("NoSuchBucket", false))
                .answering("data/k1", new CopyOutcome.SourceRestoreExpired("RestoreExpired"));
        List<CopyTask> tasks = restore(0, 1);

        assertThat(worker().copy(tasks.get(0), 1)).isEqualTo(CopyRestoredObjects.Result.FAILED);
        assertThat(worker().copy(tasks.get(1), 1)).isEqualTo(CopyRestoredObjects.Result.FAILED);

        var records = ledger.records(List.of(object(0), object(1)));
        assertThat(records.get(object(0)).outcome(JOB).orElseThrow().copy())
                .contains(CopyResult.failed("NoSuchBucket"));
        assertThat(records.get(object(1)).outcome(JOB).orElseThrow().copy())
                .contains(CopyResult.expired("RestoreExpired"));
        assertThat(ledger.countsOf(JOB).copyFailed()).isEqualTo(2);
    }

    @Test
    void shouldPinTheCurrentVersionOfAnObjectListedWithoutOneAndFailOneWithoutACurrentVersion() {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null).withCopy(TO_VAULT);
        ObjectId plain = ObjectId.of("archive", "data/plain");
        ObjectId gone = ObjectId.of("archive", "data/gone");
        var manifest = CsvManifestFixture.put(manifests, "manifests", "m.csv", List.of(plain, gone));
        Job job = Job.submitting(JOB, request, manifest.location(), T0, T0.plus(Duration.ofHours(12)), null)
                .submitted(BATCH, 1);
        jobs.put(job);
        new RegisterManifestObjects(ledger, clock, Duration.ofDays(30)).register(job, 0, manifest.entries());
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(List.of(
                RestoreEvent.completed(plain, T0), RestoreEvent.completed(gone, T0)));
        var versions = new FakeCurrentVersions().current(new ObjectId("archive", "data/plain", "null"));
        var pinning = new CopyRestoredObjects(jobs::find, ledger, versions, copier, continuations, 3);

        assertThat(pinning.copy(new CopyTask(JOB, plain), 1)).isEqualTo(CopyRestoredObjects.Result.COPIED);
        assertThat(pinning.copy(new CopyTask(JOB, gone), 1)).isEqualTo(CopyRestoredObjects.Result.FAILED);

        assertThat(copier.requests()).extracting(r -> r.source().versionId()).containsExactly("null");
        assertThat(ledger.records(List.of(gone)).get(gone).outcome(JOB).orElseThrow().copy())
                .contains(CopyResult.failed(CopyRestoredObjects.NO_CURRENT_VERSION));
    }

    @Test
    void shouldCallForNoCopyInAJobWithoutTheOptionNorCopyForAnEndedJob() {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        var manifest = CsvManifestFixture.put(manifests, "manifests", "m.csv", List.of(object(0)));
        Job plain = Job.submitting(JOB, request, manifest.location(), T0, T0.plus(Duration.ofHours(12)), null)
                .submitted(BATCH, 1);
        jobs.put(plain);
        new RegisterManifestObjects(ledger, clock, Duration.ofDays(30)).register(plain, 0, manifest.entries());
        assertThat(restore(0)).isEmpty();
        assertThat(worker().copy(new CopyTask(JOB, object(0)), 1))
                .isEqualTo(CopyRestoredObjects.Result.NOTHING_TO_DO);

        JobId other = new JobId("job-cancelled");
        jobs.put(Job.submitting(other, request.withCopy(TO_VAULT), manifest.location(), T0,
                T0.plus(Duration.ofHours(12)), null).submitted("batch-2", 1).withStatus(JobStatus.CANCELLED));
        assertThat(worker().copy(new CopyTask(other, object(0)), 1))
                .isEqualTo(CopyRestoredObjects.Result.NOTHING_TO_DO);
        assertThat(copier.requests()).isEmpty();
    }

    @Test
    void shouldEndTheJobCompleteOnlyOnceEveryRestoredObjectIsCopiedAndReportEachCopy() {
        givenJobOf(3, TO_VAULT);
        List<CopyTask> tasks = restore(0, 1, 2);

        monitor.tick();
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.RESTORING); // restored, not copied

        copier.answering("data/k2", new CopyOutcome.Failed("AccessDenied", false));
        tasks.forEach(task -> worker().copy(task, 1));
        monitor.tick();
        monitor.tick();

        Job done = jobs.find(JOB).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(done.counts()).isEqualTo(new JobCounts(3, 0, 0, 2, 1));
        JobNotification complete = notifier.published().getLast();
        assertThat(complete.copies()).contains(new JobNotification.Copies(2, 1));
        assertThat(results.report(JOB)).containsExactly(
                new ReportRow(object(0), "restored", "").withCopy(
                        new ReportRow.CopyColumns("copied", "", "s3://vault/kept/k0")),
                new ReportRow(object(1), "restored", "").withCopy(
                        new ReportRow.CopyColumns("copied", "", "s3://vault/kept/k1")),
                new ReportRow(object(2), "restored", "").withCopy(
                        new ReportRow.CopyColumns("copy failed", "AccessDenied", "s3://vault/kept/k2")));
        assertThat(notifier.published()).allSatisfy(n -> assertThat(n.copies()).isPresent());
    }

    @Test
    void shouldKeepAJobWhoseCopyTaskWasLostWaitingWithoutAskingS3ThenCompleteItOnceTheTaskIsMovedBack() {
        givenJobOf(2, TO_VAULT);
        List<CopyTask> tasks = restore(0, 1);
        worker().copy(tasks.getFirst(), 1); // the second task went to the copy DLQ (a worker that kept dying)

        for (int minute = 0; minute < 90; minute++) { // stalled for an hour and more: nothing to reconcile
            monitor.tick();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.RESTORING);
        assertThat(copier.requests()).hasSize(1);

        worker().copy(tasks.get(1), 1); // the operator moved the DLQ's messages back
        monitor.tick();
        monitor.tick();
        assertThat(jobs.find(JOB).orElseThrow().status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(copier.writes()).isEqualTo(2);
    }

    @Test
    void shouldTimeOutAJobWhoseCopiesAreNotMadeByItsDeadlineAndReportThemNotCopied() {
        givenJobOf(1, TO_VAULT);
        restore(0); // its copy task is never worked

        clock.advance(Duration.ofHours(13));
        for (int tick = 0; tick < 4; tick++) {
            monitor.tick();
        }

        Job ended = jobs.find(JOB).orElseThrow();
        assertThat(ended.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(results.report(JOB)).containsExactly(new ReportRow(object(0), "restored", "").withCopy(
                new ReportRow.CopyColumns("not copied", "no copy was made by the time the job ended",
                        "s3://vault/kept/k0")));
    }

    /** The worker's process dies as it is about to record a copy it made. */
    private record DiesBeforeRecordingACopy(RestoreLedger delegate) implements RestoreLedger {
        @Override
        public void recordRestores(Map<ObjectId, io.s3bulkrestore.tracking.RestoreFact> restores) {
            delegate.recordRestores(restores);
        }

        @Override
        public Map<ObjectId, io.s3bulkrestore.tracking.ObjectRecord> records(java.util.Collection<ObjectId> objects) {
            return delegate.records(objects);
        }

        @Override
        public List<io.s3bulkrestore.tracking.Registration> register(JobId job,
                List<io.s3bulkrestore.tracking.MembershipClaim> claims, Instant registeredAt, Instant keepUntil) {
            return delegate.register(job, claims, registeredAt, keepUntil);
        }

        @Override
        public int markFailed(JobId job, java.util.Collection<ObjectId> objects, String errorCode) {
            return delegate.markFailed(job, objects, errorCode);
        }

        @Override
        public int markSkipped(JobId job, java.util.Collection<ObjectId> objects, String code) {
            return delegate.markSkipped(job, objects, code);
        }

        @Override
        public boolean recordCopy(JobId job, ObjectId object, CopyResult result) {
            throw new InjectedCrash("before recordCopy");
        }

        @Override
        public boolean recordChunkSummary(JobId job, ChunkSummary summary, Instant keepUntil) {
            return delegate.recordChunkSummary(job, summary, keepUntil);
        }
    }
}
