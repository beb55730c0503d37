package io.s3bulkrestore.simulation;

import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.jobs.ConfirmJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.ConfirmMode;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreSource;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.monitor.AwaitConfirmation;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.manifest.ManifestStore;
import io.s3bulkrestore.restore.RetrievalPrices;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source job's whole life with the API and the monitor killed at random writes (before or after each, as the
 * pipeline simulation kills them): created, counted by two batch jobs, quoted, confirmed, started, its objects
 * registered and restored. Whatever the crashes, it ends Complete once, with exact counts and every object in its
 * report, and no batch job is created twice.
 */
class SourceJobCrashTest {

    private static final int SEEDS = Integer.getInteger("simulation.seeds", 100);
    private static final int GLACIER_OBJECTS = 7;
    private static final int DEEP_OBJECTS = 5;

    @Test
    void shouldEndCompleteOnceWithExactCountsWhateverTheCrashes() {
        CrashRuns.everySeed("source job crash test", SEEDS, SEEDS / 2, Run::new);
    }

    private static final class Run implements CrashRuns.SeededRun {
        final CrashWorld world;
        final ManifestStore crashingManifests;
        final List<ObjectId> objects = new ArrayList<>();
        final CreateJob createJob;
        final ConfirmJob confirmJob;
        final MonitorJobs monitor;
        final IngestManifestChunk ingest;
        boolean listed;
        boolean confirmed;
        boolean restored;

        Run(long seed) {
            world = new CrashWorld(seed, EnumSet.of(FaultKind.CRASH_CREATE, FaultKind.CRASH_MONITOR,
                    FaultKind.CRASH_MONITOR_REPORT));
            var jobs = world.jobs;
            var clock = world.clock;
            crashingManifests = crashingWrites(world.manifests, world.plan);
            var batchOps = new GroupedBatchOperations(world.crashingBatch());
            var crashingQueue = world.crashingQueue();
            var policy = new JobPolicy(Set.of("archive-1"), 2.0);
            var sourceJobs = new SourceJobs(jobs, batchOps, crashingManifests, crashingQueue, policy, clock);
            createJob = new CreateJob(jobs, crashingManifests, batchOps, crashingQueue, 1 << 20, policy, clock,
                    () -> new JobId("job-" + seed), new CreateJob.Waiting(sourceJobs, "reports-1", "batch-reports",
                    Duration.ofDays(7)));
            confirmJob = new ConfirmJob(jobs, sourceJobs, clock);
            var awaiting = new AwaitConfirmation(jobs, batchOps, sourceJobs, crashingManifests,
                    objects -> objects.stream().collect(java.util.stream.Collectors.toMap(o -> o, o -> 100L)),
                    new QuoteCalculator(RetrievalPrices.documented()), clock,
                    Duration.ofMinutes(2), Duration.ofDays(7), AwaitConfirmation.DEFAULT_SIZE_SAMPLE);
            monitor = world.monitor(crashingManifests, batchOps, crashingQueue, awaiting);
            ingest = world.ingest();
        }

        @Override
        public Trace trace() {
            return world.trace;
        }

        @Override
        public void play() {
            var request = CreateJobRequest.ofSource(new RestoreSource("archive-1", "logs/", null, null, null, null,
                    null, null, List.of(SourceStorageClass.GLACIER, SourceStorageClass.DEEP_ARCHIVE)), RestoreTier.BULK,
                    3, null, ConfirmMode.MANUAL);
            world.tickUntilEnded(world.createUntilAnswered(createJob, request), monitor, this::beforeTick);
        }

        void beforeTick(Job job) {
            if (!listed && world.batch.batchJobCount() == 2 && job.batchJobId() != null) {
                listed = true;
                list("batch-1", "glacier", GLACIER_OBJECTS);
                list("batch-2", "deep", DEEP_OBJECTS);
            }
            if (!confirmed && job.quote() != null) {
                String jobId = job.id().value();
                confirmed = world.retry(() -> confirmJob.confirm(jobId));
            }
            world.queue.drain().forEach(ingest::ingest);
            if (!restored && job.status() == JobStatus.RESTORING) {
                restored = true;
                world.restore(objects);
                world.batch.setStatus("batch-1", "Complete");
                world.batch.setStatus("batch-2", "Complete");
            }
        }

        void list(String batchJobId, String folder, int count) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < count; i++) {
                ObjectId object = ObjectId.of("archive-1", "logs/" + folder + "/" + i);
                objects.add(object);
                csv.append("\"archive-1\",\"logs%2F").append(folder).append("%2F").append(i).append("\"\n");
            }
            String data = "batch-reports/gen/" + folder + "/data.csv";
            world.manifests.put("reports-1", data, csv.toString());
            String manifest = "batch-reports/gen/" + folder + "/manifest.json";
            world.manifests.putInventory("reports-1", manifest, new InventoryManifest("reports-1", "CSV",
                    "Bucket, Key", List.of(new InventoryManifest.DataFile(data, csv.length()))));
            world.batch.listed(batchJobId, count, new BatchJobState.ObjectLocation("reports-1", manifest));
        }

        @Override
        public void check() {
            Job job = world.onlyJob();
            int total = GLACIER_OBJECTS + DEEP_OBJECTS;
            assertThat(job.status()).as("status").isEqualTo(JobStatus.COMPLETE);
            assertThat(job.totalObjects()).as("total").isEqualTo(total);
            assertThat(job.counts().restored()).as("restored").isEqualTo(total);
            assertThat(world.batch.batchJobCount()).as("batch jobs").isEqualTo(2);
            world.assertOnlyCompleteNotified();
            assertThat(world.notifier.published().stream().map(JobNotification::notificationId).distinct()
                    .filter(i -> i.contains("Complete")).count()).isEqualTo(1);
            assertThat(world.results.report(job.id())).as("report").hasSize(total)
                    .allSatisfy(row -> assertThat(row.kind()).isEqualTo(ReportRow.Kind.RESTORED));
        }
    }

    /** The manifest store with its one write (a source job's listing) able to crash the function. */
    private static ManifestStore crashingWrites(ManifestStore delegate, FaultPlan plan) {
        return new ManifestStore() {
            @Override
            public Optional<ManifestLocation> head(String bucket, String key) {
                return delegate.head(bucket, key);
            }

            @Override
            public ManifestColumns csvColumns(ManifestLocation manifest) {
                return delegate.csvColumns(manifest);
            }

            @Override
            public InventoryManifest inventory(ManifestLocation manifest) {
                return delegate.inventory(manifest);
            }

            @Override
            public ManifestLocation writeInventory(String bucket, String key, InventoryManifest manifest) {
                return plan.write("manifests.writeInventory(" + key + ")",
                        () -> delegate.writeInventory(bucket, key, manifest));
            }

            @Override
            public InputStream openRange(ManifestLocation manifest, long from, long to) {
                return delegate.openRange(manifest, from, to);
            }

            @Override
            public InputStream openObject(String bucket, String key) {
                return delegate.openObject(bucket, key);
            }
        };
    }
}
