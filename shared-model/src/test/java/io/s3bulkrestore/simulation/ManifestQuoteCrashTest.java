package io.s3bulkrestore.simulation;

import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.FakeObjectArchiveStates;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.fakes.RecordingRestoreEventRouting;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.jobs.ConfirmJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.ConfirmMode;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.AwaitConfirmation;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.restore.RetrievalPrices;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV manifest job that asks for a quote, its API and monitor killed at random writes (before or after each, as
 * the pipeline simulation kills them): created, its lines counted by one batch job waiting for confirmation, quoted,
 * confirmed, registered and restored. Whatever the crashes, it ends Complete once with exact counts, every object in
 * its report, one batch job, and nothing registered before the confirm.
 */
class ManifestQuoteCrashTest {

    private static final int SEEDS = Integer.getInteger("simulation.seeds", 100);
    private static final int OBJECTS = 12;

    @Test
    void shouldEndCompleteOnceWithExactCountsWhateverTheCrashes() {
        CrashRuns.everySeed("manifest quote crash test", SEEDS, SEEDS / 3, Run::new);
    }

    private static final class Run implements CrashRuns.SeededRun {
        @Override
        public Trace trace() {
            return trace;
        }

        final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        final Trace trace = new Trace(clock.instant(), clock::instant);
        final FaultPlan plan;
        final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
        final InMemoryJobStore store = new InMemoryJobStore(ledger);
        final InMemoryManifestStore manifests = new InMemoryManifestStore();
        final RecordingBatchOperations batch = new RecordingBatchOperations();
        final RecordingIngestQueue queue = new RecordingIngestQueue();
        final RecordingNotifier notifier = new RecordingNotifier();
        final InMemoryResultsReports results = new InMemoryResultsReports();
        final FakeObjectArchiveStates heads = new FakeObjectArchiveStates();
        final List<ObjectId> objects = new ArrayList<>();
        final CreateJob createJob;
        final ConfirmJob confirmJob;
        final MonitorJobs monitor;
        final IngestManifestChunk ingest;

        Run(long seed) {
            plan = new FaultPlan(seed, EnumSet.of(FaultKind.CRASH_CREATE, FaultKind.CRASH_MONITOR,
                    FaultKind.CRASH_MONITOR_REPORT), trace);
            for (int i = 0; i < OBJECTS; i++) {
                ObjectId object = ObjectId.of("archive-1", "data/" + i);
                objects.add(object);
                heads.object(object, i % 2 == 0 ? "GLACIER" : "DEEP_ARCHIVE", null, 100);
            }
            CsvManifestFixture.put(manifests, "manifests-1", "m.csv", objects);
            var jobs = new CrashingJobStore(store, plan);
            var batchOps = new GroupedBatchOperations(CrashingOutputs.batch(batch, plan));
            var crashingQueue = CrashingOutputs.ingestQueue(queue, plan);
            var policy = new JobPolicy(Set.of("manifests-1", "archive-1"), 2.0);
            var sourceJobs = new SourceJobs(jobs, batchOps, manifests, crashingQueue, policy, clock, 1 << 20);
            createJob = new CreateJob(jobs, manifests, batchOps, crashingQueue, 1 << 20, policy, clock,
                    () -> new JobId("job-" + seed), new CreateJob.Waiting(sourceJobs, "reports-1", "batch-reports",
                    Duration.ofDays(7)));
            confirmJob = new ConfirmJob(jobs, sourceJobs, clock);
            var awaiting = new AwaitConfirmation(jobs, batchOps, sourceJobs, manifests, ids -> Map.of(), heads,
                    new QuoteCalculator(RetrievalPrices.documented()), clock, Duration.ofMinutes(2), Duration.ofDays(7),
                    AwaitConfirmation.DEFAULT_SIZE_SAMPLE);
            monitor = new MonitorJobs(jobs, ledger, CrashingOutputs.batch(batch, plan), new InMemoryCompletionReports(),
                    new FakeRestoreStatusChecker(), CrashingOutputs.results(results, plan),
                    CrashingOutputs.notifier(notifier, plan),
                    new SubmitJob(jobs, manifests, batchOps, crashingQueue, 1 << 20), awaiting, clock,
                    new MonitorJobs.Settings(10, 30, 100, 30, 50));
            ingest = new IngestManifestChunk(store, manifests, new RegisterManifestObjects(ledger, clock,
                    Duration.ofDays(30)), new RecordingRestoreEventRouting(), Set.of("archive-1"));
        }

        @Override
        public void play() {
            var request = new CreateJobRequest("manifests-1", "m.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                    ManifestFormat.CSV, null, null, ConfirmMode.MANUAL);
            if (!retry(() -> createJob.create(request, Optional.of("key")))) {
                throw new AssertionError("the create never got an answer");
            }
            JobId id = store.list(Optional.empty(), Optional.empty(), 10).jobs().getFirst().id();
            boolean counted = false;
            boolean confirmed = false;
            boolean restored = false;
            for (int tick = 0; tick < 300; tick++) {
                Job job = store.find(id).orElseThrow();
                if (job.status().isTerminal()) {
                    return;
                }
                if (!counted && job.batchJobId() != null) {
                    counted = true;
                    batch.listed(job.batchJobId(), OBJECTS, null); // Batch Operations read the manifest's lines
                }
                if (!confirmed && job.quote() != null) {
                    assertThat(queue.sent()).as("nothing queued before the confirm").isEmpty();
                    String jobId = id.value();
                    confirmed = retry(() -> confirmJob.confirm(jobId));
                }
                queue.drain().forEach(ingest::ingest);
                if (!restored && job.status() == JobStatus.RESTORING) {
                    restored = true;
                    new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(objects.stream()
                            .map(o -> RestoreEvent.completed(o, clock.instant())).toList());
                    batch.setStatus(job.batchJobId(), "Complete");
                }
                plan.invoke(FaultPlan.Function.MONITOR, "tick", monitor::tick);
                clock.advance(Duration.ofMinutes(1));
            }
            throw new AssertionError("the job did not end in 300 ticks: " + store.find(id).orElseThrow());
        }

        /** Calls until it returns without a crash (the client's retries); a refusal is an answer too. */
        boolean retry(Runnable call) {
            return CrashRuns.retryThroughCrashes(plan, trace, clock, call);
        }

        @Override
        public void check() {
            Job job = store.list(Optional.empty(), Optional.empty(), 10).jobs().getFirst();
            assertThat(job.status()).as("status").isEqualTo(JobStatus.COMPLETE);
            assertThat(job.quote()).as("quote").isNotNull();
            assertThat(job.quote().objects()).as("quoted objects").isEqualTo(OBJECTS);
            assertThat(job.quote().bytesExact()).as("bytes exact").isTrue();
            assertThat(job.totalObjects()).as("total").isEqualTo(OBJECTS);
            assertThat(job.counts().restored()).as("restored").isEqualTo(OBJECTS);
            assertThat(batch.batchJobCount()).as("batch jobs").isEqualTo(1);
            assertThat(notifier.published().stream().filter(n -> n.status() != JobStatus.RESTORING).toList())
                    .as("terminal notifications").extracting(JobNotification::status)
                    .containsOnly(JobStatus.COMPLETE);
            assertThat(results.report(job.id())).as("report").hasSize(OBJECTS)
                    .allSatisfy(row -> assertThat(row.kind()).isEqualTo(ReportRow.Kind.RESTORED));
        }
    }
}
