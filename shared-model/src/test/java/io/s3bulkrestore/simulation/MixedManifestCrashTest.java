package io.s3bulkrestore.simulation;

import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryFollowUpManifests;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.FollowUpRestores;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.ports.FollowUpManifests;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GLACIER manifest job over every class, its monitor killed at random writes (before or after each, as the
 * pipeline simulation kills it) while it reads the first batch job's report a batch of 500 failed tasks per tick,
 * writes the follow-up manifest, creates and records the follow-up batch job, then finishes. Whatever the crashes:
 * one follow-up batch job over exactly the Intelligent-Tiering archive objects, one Complete, exact counts, and every
 * object in the report with its outcome.
 */
class MixedManifestCrashTest {

    private static final int SEEDS = Integer.getInteger("simulation.seeds", 100);
    /** Object i is of class i % 5: 1,250 objects, 750 failed tasks in the first report (two batches). */
    private static final int OBJECTS = 1_250;

    private enum Kind { GLACIER, DEEP_ARCHIVE, IT_ARCHIVE, IT_FREQUENT, STANDARD }

    private static Kind kindOf(int i) {
        return Kind.values()[i % Kind.values().length];
    }

    private static ObjectId object(int i) {
        return ObjectId.of("archive-1", "mixed/" + i);
    }

    @Test
    void shouldFollowUpOnceAndEndCompleteWithExactCountsWhateverTheCrashes() {
        CrashRuns.everySeed("mixed manifest crash test", SEEDS, SEEDS / 2, Run::new);
    }

    private static final class Run implements CrashRuns.SeededRun {
        final CrashWorld world;
        final InMemoryCompletionReports reports = new InMemoryCompletionReports();
        final InMemoryFollowUpManifests followUps = new InMemoryFollowUpManifests();
        final MonitorJobs monitor;
        final JobId id;
        boolean followUpRan;

        Run(long seed) {
            world = new CrashWorld(seed, EnumSet.of(FaultKind.CRASH_MONITOR));
            id = new JobId("job-" + seed);
            var plan = world.plan;
            var jobs = world.jobs;
            var crashingBatch = world.crashingBatch();
            FollowUpManifests crashingFollowUps = new FollowUpManifests() {
                @Override
                public void writePart(JobId job, long position, List<ObjectId> objects) {
                    plan.write("followUps.writePart(" + position + ")", () -> followUps.writePart(job, position, objects));
                }

                @Override
                public Optional<ManifestLocation> writeManifest(JobId job) {
                    return plan.write("followUps.writeManifest", () -> followUps.writeManifest(job));
                }
            };
            monitor = new MonitorJobs(jobs, new CrashingLedger(world.ledger, plan), crashingBatch, reports,
                    new FakeRestoreStatusChecker(), world.crashingResults(), world.crashingNotifier(),
                    new SubmitJob(jobs, world.manifests, crashingBatch, new RecordingIngestQueue(), 1 << 20), null,
                    new FollowUpRestores(jobs, new GroupedBatchOperations(crashingBatch), world.heads,
                            crashingFollowUps),
                    world.clock, new MonitorJobs.Settings(10, 30, 100, 30, 50));
        }

        @Override
        public Trace trace() {
            return world.trace;
        }

        @Override
        public void play() {
            var clock = world.clock;
            var batch = world.batch;
            List<ObjectId> all = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                all.add(object(i));
                world.heads.object(object(i), switch (kindOf(i)) {
                    case GLACIER -> "GLACIER";
                    case DEEP_ARCHIVE -> "DEEP_ARCHIVE";
                    case IT_ARCHIVE, IT_FREQUENT -> "INTELLIGENT_TIERING";
                    case STANDARD -> "STANDARD";
                }, kindOf(i) == Kind.IT_ARCHIVE ? (i % 2 == 0 ? "ARCHIVE_ACCESS" : "DEEP_ARCHIVE_ACCESS") : null);
            }
            var request = new CreateJobRequest("manifests", "mixed.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                    ManifestFormat.CSV, null);
            var manifest = CsvManifestFixture.put(world.manifests, "manifests", "mixed.csv", all);
            Job job = Job.submitting(id, request, manifest.location(), clock.instant(),
                    clock.instant().plus(Duration.ofHours(48)), null);
            String first = batch.createRestoreJob(job, Optional.empty());
            world.store.put(job.submitted(first, 1));
            new RegisterManifestObjects(world.ledger, clock, Duration.ofDays(30)).register(job, 0, manifest.entries());
            world.ledger.recordChunkSummary(id, new ChunkSummary(0, OBJECTS, OBJECTS, 0, List.of()), clock.instant());

            // The first batch job, as S3 answers a request with days
            List<ObjectId> glacierClasses = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                switch (kindOf(i)) {
                    case GLACIER, DEEP_ARCHIVE -> glacierClasses.add(object(i));
                    case IT_ARCHIVE -> reports.failed(first, new FailedTask(object(i), "InvalidArgument"));
                    case IT_FREQUENT -> reports.failed(first, new FailedTask(object(i), "ObjectAlreadyInActiveTierError"));
                    case STANDARD -> reports.failed(first, new FailedTask(object(i), "InvalidObjectState"));
                }
            }
            world.restore(glacierClasses);
            batch.setStatus(first, "Complete");
            world.tickUntilEnded(id, monitor, this::beforeTick);
        }

        void beforeTick(Job now) {
            if (!followUpRan && now.batchJobId().contains(",")) {
                followUpRan = true;
                String second = now.batchJobId().split(",")[1];
                world.restore(followUps.objectsOf(id)); // what the follow-up batch job restored
                world.batch.setStatus(second, "Complete");
            }
        }

        @Override
        public void check() {
            Job job = world.store.find(id).orElseThrow();
            long per = OBJECTS / Kind.values().length;
            List<ObjectId> itArchive = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                if (kindOf(i) == Kind.IT_ARCHIVE) {
                    itArchive.add(object(i));
                }
            }
            assertThat(job.status()).as("status").isEqualTo(JobStatus.COMPLETE);
            assertThat(world.batch.batchJobCount()).as("batch jobs: the first and one follow-up").isEqualTo(2);
            assertThat(followUps.objectsOf(id)).as("the follow-up's objects").containsExactlyElementsOf(itArchive);
            assertThat(job.counts().restored()).as("restored").isEqualTo(3 * per);
            assertThat(job.counts().skipped()).as("skipped").isEqualTo(2 * per);
            assertThat(job.counts().failed()).as("failed").isZero();
            world.assertOnlyCompleteNotified();
            List<ReportRow> report = world.results.report(id);
            assertThat(report).as("report").hasSize(OBJECTS);
            Map<ObjectId, ReportRow.Kind> kinds = report.stream()
                    .collect(Collectors.toMap(ReportRow::object, ReportRow::kind));
            for (int i = 0; i < OBJECTS; i++) {
                ReportRow.Kind expected = switch (kindOf(i)) {
                    case GLACIER, DEEP_ARCHIVE, IT_ARCHIVE -> ReportRow.Kind.RESTORED;
                    case IT_FREQUENT, STANDARD -> ReportRow.Kind.NOT_ARCHIVED;
                };
                assertThat(kinds.get(object(i))).as("object " + i).isEqualTo(expected);
            }
        }
    }
}
