package io.s3bulkrestore.simulation;

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
import io.s3bulkrestore.ingest.IngestQueue;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.manifest.ManifestStore;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.monitor.AwaitConfirmation;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.monitor.Notifier;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.ResultsReports;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RestoreEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one seed's crash run (see {@link CrashRuns}) plays in, built fresh for each run: a clock from now, its trace,
 * the seeded fault plan, the in-memory fakes (ledger, job store, manifests, Batch Operations, ingest queue, SNS,
 * results reports, object heads), the job store as the functions see it, and the moves the crash tests share.
 */
final class CrashWorld {

    /** How many monitor ticks a job has to end in. */
    private static final int TICKS = 300;

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final Trace trace = new Trace(clock.instant(), clock::instant);
    final FaultPlan plan;
    final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    final InMemoryJobStore store = new InMemoryJobStore(ledger);
    /** The job store with every write able to kill the running function. */
    final CrashingJobStore jobs;
    final InMemoryManifestStore manifests = new InMemoryManifestStore();
    final RecordingBatchOperations batch = new RecordingBatchOperations();
    final RecordingIngestQueue queue = new RecordingIngestQueue();
    final RecordingNotifier notifier = new RecordingNotifier();
    final InMemoryResultsReports results = new InMemoryResultsReports();
    final FakeObjectArchiveStates heads = new FakeObjectArchiveStates();

    CrashWorld(long seed, Set<FaultKind> faults) {
        plan = new FaultPlan(seed, faults, trace);
        jobs = new CrashingJobStore(store, plan);
    }

    BatchOperations crashingBatch() {
        return CrashingOutputs.batch(batch, plan);
    }

    IngestQueue crashingQueue() {
        return CrashingOutputs.ingestQueue(queue, plan);
    }

    ResultsReports crashingResults() {
        return CrashingOutputs.results(results, plan);
    }

    Notifier crashingNotifier() {
        return CrashingOutputs.notifier(notifier, plan);
    }

    /** The monitor of jobs created through the API, reading {@code manifestStore} and awaiting their confirmation. */
    MonitorJobs monitor(ManifestStore manifestStore, GroupedBatchOperations batchOps, IngestQueue ingestQueue,
            AwaitConfirmation awaiting) {
        return new MonitorJobs(jobs, ledger, crashingBatch(), new InMemoryCompletionReports(),
                new FakeRestoreStatusChecker(), crashingResults(), crashingNotifier(),
                new SubmitJob(jobs, manifestStore, batchOps, ingestQueue, 1 << 20), awaiting, clock,
                new MonitorJobs.Settings(10, 30, 100, 30, 50));
    }

    /** The ingest function (never crashed here), registering the chunks the queue holds. */
    IngestManifestChunk ingest() {
        return new IngestManifestChunk(store, manifests, new RegisterManifestObjects(ledger, clock,
                Duration.ofDays(30)), new RecordingRestoreEventRouting(), Set.of("archive-1"));
    }

    /** Calls until it returns without a crash (the client's retries); a refusal is an answer too. */
    boolean retry(Runnable call) {
        return CrashRuns.retryThroughCrashes(plan, trace, clock, call);
    }

    /**
     * The client's create, retried with the same Idempotency-Key until it gets an answer; returns the id of the one
     * job it created.
     */
    JobId createUntilAnswered(CreateJob createJob, CreateJobRequest request) {
        if (!retry(() -> createJob.create(request, Optional.of("key")))) {
            throw new AssertionError("the create never got an answer");
        }
        return onlyJob().id();
    }

    /** The one job the run created. */
    Job onlyJob() {
        return store.list(Optional.empty(), Optional.empty(), 10).jobs().getFirst();
    }

    /** S3's restore-completed events for these objects, recorded now. */
    void restore(List<ObjectId> objects) {
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(objects.stream()
                .map(o -> RestoreEvent.completed(o, clock.instant())).toList());
    }

    /**
     * Ticks the monitor (each tick an invocation that may crash) a minute apart until the job ends, letting the
     * outside world move first on each tick; fails when it has not ended within 300 ticks.
     */
    void tickUntilEnded(JobId id, MonitorJobs monitor, Consumer<Job> beforeTick) {
        for (int tick = 0; tick < TICKS; tick++) {
            Job job = store.find(id).orElseThrow();
            if (job.status().isTerminal()) {
                return;
            }
            beforeTick.accept(job);
            plan.invoke(FaultPlan.Function.MONITOR, "tick", monitor::tick);
            clock.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("the job did not end in " + TICKS + " ticks: " + store.find(id).orElseThrow());
    }

    /** Every notification past Restoring says Complete. */
    void assertOnlyCompleteNotified() {
        assertThat(notifier.published().stream().filter(n -> n.status() != JobStatus.RESTORING).toList())
                .as("terminal notifications").extracting(JobNotification::status)
                .containsOnly(JobStatus.COMPLETE);
    }
}
