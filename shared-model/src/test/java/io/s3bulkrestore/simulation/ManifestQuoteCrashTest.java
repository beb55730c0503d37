package io.s3bulkrestore.simulation;

import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.jobs.ConfirmJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.model.ConfirmMode;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.AwaitConfirmation;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.restore.RetrievalPrices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
        final CrashWorld world;
        final List<ObjectId> objects = new ArrayList<>();
        final CreateJob createJob;
        final ConfirmJob confirmJob;
        final MonitorJobs monitor;
        final IngestManifestChunk ingest;
        boolean counted;
        boolean confirmed;
        boolean restored;

        Run(long seed) {
            world = new CrashWorld(seed, EnumSet.of(FaultKind.CRASH_CREATE, FaultKind.CRASH_MONITOR,
                    FaultKind.CRASH_MONITOR_REPORT));
            for (int i = 0; i < OBJECTS; i++) {
                ObjectId object = ObjectId.of("archive-1", "data/" + i);
                objects.add(object);
                world.heads.object(object, i % 2 == 0 ? "GLACIER" : "DEEP_ARCHIVE", null, 100);
            }
            var manifests = world.manifests;
            CsvManifestFixture.put(manifests, "manifests-1", "m.csv", objects);
            var jobs = world.jobs;
            var clock = world.clock;
            var batchOps = new GroupedBatchOperations(world.crashingBatch());
            var crashingQueue = world.crashingQueue();
            var policy = new JobPolicy(Set.of("manifests-1", "archive-1"), 2.0);
            var sourceJobs = new SourceJobs(jobs, batchOps, manifests, crashingQueue, policy, clock, 1 << 20);
            createJob = new CreateJob(jobs, manifests, batchOps, crashingQueue, 1 << 20, policy, clock,
                    () -> new JobId("job-" + seed), new CreateJob.Waiting(sourceJobs, "reports-1", "batch-reports",
                    Duration.ofDays(7)));
            confirmJob = new ConfirmJob(jobs, sourceJobs, clock);
            var awaiting = new AwaitConfirmation(jobs, batchOps, sourceJobs, manifests, ids -> Map.of(), world.heads,
                    new QuoteCalculator(RetrievalPrices.documented()), clock, Duration.ofMinutes(2), Duration.ofDays(7),
                    AwaitConfirmation.DEFAULT_SIZE_SAMPLE);
            monitor = world.monitor(manifests, batchOps, crashingQueue, awaiting);
            ingest = world.ingest();
        }

        @Override
        public Trace trace() {
            return world.trace;
        }

        @Override
        public void play() {
            var request = new CreateJobRequest("manifests-1", "m.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                    ManifestFormat.CSV, null, null, ConfirmMode.MANUAL);
            world.tickUntilEnded(world.createUntilAnswered(createJob, request), monitor, this::beforeTick);
        }

        void beforeTick(Job job) {
            if (!counted && job.batchJobId() != null) {
                counted = true;
                world.batch.listed(job.batchJobId(), OBJECTS, null); // Batch Operations read the manifest's lines
            }
            if (!confirmed && job.quote() != null) {
                assertThat(world.queue.sent()).as("nothing queued before the confirm").isEmpty();
                String jobId = job.id().value();
                confirmed = world.retry(() -> confirmJob.confirm(jobId));
            }
            world.queue.drain().forEach(ingest::ingest);
            if (!restored && job.status() == JobStatus.RESTORING) {
                restored = true;
                world.restore(objects);
                world.batch.setStatus(job.batchJobId(), "Complete");
            }
        }

        @Override
        public void check() {
            Job job = world.onlyJob();
            assertThat(job.status()).as("status").isEqualTo(JobStatus.COMPLETE);
            assertThat(job.quote()).as("quote").isNotNull();
            assertThat(job.quote().objects()).as("quoted objects").isEqualTo(OBJECTS);
            assertThat(job.quote().bytesExact()).as("bytes exact").isTrue();
            assertThat(job.totalObjects()).as("total").isEqualTo(OBJECTS);
            assertThat(job.counts().restored()).as("restored").isEqualTo(OBJECTS);
            assertThat(world.batch.batchJobCount()).as("batch jobs").isEqualTo(1);
            world.assertOnlyCompleteNotified();
            assertThat(world.results.report(job.id())).as("report").hasSize(OBJECTS)
                    .allSatisfy(row -> assertThat(row.kind()).isEqualTo(ReportRow.Kind.RESTORED));
        }
    }
}
