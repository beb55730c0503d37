package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.CrashingRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterManifestObjectsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = new JobId("job-a");

    private static final Job JOB_A = job(JOB);

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final RegisterManifestObjects registration = new RegisterManifestObjects(ledger, clock, Duration.ofDays(30));

    static Job job(JobId id) {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        return Job.submitting(id, request, new ManifestLocation("manifests", "m.csv", "etag", 100), T0.minusSeconds(60),
                T0.plus(Duration.ofHours(12)), null).submitted("batch", 2);
    }

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "k" + i);
    }

    @Test
    void shouldCountAnObjectListedTwiceOnce() {
        var chunk0 = List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(1), 20));
        var chunk1 = List.of(new ChunkEntry(object(2), 30), new ChunkEntry(object(3), 40));

        long first = registration.register(JOB_A, 0, chunk0);
        long second = registration.register(JOB_A, 1, chunk1);

        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(1);
    }

    @Test
    void shouldCountTheSameObjectsWhenAChunkIsReplayedCompletely() {
        var chunk0 = List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(1), 20));
        var chunk1 = List.of(new ChunkEntry(object(2), 30), new ChunkEntry(object(3), 40));
        registration.register(JOB_A, 0, chunk0);
        registration.register(JOB_A, 1, chunk1);

        assertThat(registration.register(JOB_A, 1, chunk1)).isEqualTo(1);
        assertThat(registration.register(JOB_A, 0, chunk0)).isEqualTo(2);
    }

    @Test
    void shouldWriteTheChunkSummaryOnlyOnce() {
        assertThat(registration.summarize(JOB_A, new ChunkSummary(0, 2, 4, 1))).isTrue();
        assertThat(registration.summarize(JOB_A, new ChunkSummary(0, 3, 4, 1))).isFalse();

        assertThat(ledger.chunkSummary(JOB, 0)).contains(new ChunkSummary(0, 2, 4, 1));
        assertThat(ledger.totalObjectsOf(JOB)).isEqualTo(2);
    }

    @Test
    void shouldGiveExactTotalsWhenChunksAreRetriedAfterCrashesAtAnyStep() {
        // Two chunks with duplicate lines within and across them; 3 distinct objects.
        var chunks = List.of(
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(1), 20)),
                List.of(new ChunkEntry(object(2), 30), new ChunkEntry(object(3), 40), new ChunkEntry(object(3), 50)));
        for (long seed = 0; seed < 50; seed++) {
            InMemoryRestoreLedger fresh = new InMemoryRestoreLedger();
            new RecordRestoreEvents(fresh, FakeCurrentVersions.neverAsked()).apply(List.of(RestoreEvent.completed(object(2), T0)));
            var crashing = new CrashingRestoreLedger(fresh, new Random(seed), 0.5);
            var use = new RegisterManifestObjects(crashing, clock, Duration.ofDays(30));
            for (int c = 0; c < chunks.size(); c++) {
                while (true) {
                    try {
                        long created = use.register(JOB_A, c, chunks.get(c));
                        use.summarize(JOB_A, new ChunkSummary(c, created, chunks.get(c).size(), 0));
                        break;
                    } catch (CrashingRestoreLedger.InjectedCrash replayed) {
                        // SQS redelivers the chunk
                    }
                }
            }

            assertThat(fresh.totalObjectsOf(JOB)).as("seed %d", seed).isEqualTo(3);
            assertThat(fresh.countsOf(JOB)).as("seed %d", seed).isEqualTo(new JobCounts(1, 0));
            assertThat(fresh.registeredOf(JOB)).as("seed %d", seed).isEqualTo(3);
        }
    }

    @Test
    void shouldCreditAManifestKeyWhenTheEventSpellsItDifferently() {
        String[][] spellings = {
                // manifest (URL-encoded), event (form-encoded), version
                {"a%20b%2Bc.txt", "a+b%2Bc.txt", null},
                {"100%25/%E6%97%A5%E6%9C%AC.bin", "100%25%2F%E6%97%A5%E6%9C%AC.bin", null},
                {"dir/sub%20dir/x+y", "dir%2Fsub+dir%2Fx%2By", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"},
        };
        for (int i = 0; i < spellings.length; i++) {
            ObjectId fromManifest = ObjectId.fromEncoded("bucket-1", spellings[i][0], spellings[i][2], KeyEncoding.URL);
            registration.register(JOB_A, i, List.of(new ChunkEntry(fromManifest, 0)));
        }

        for (String[] spelling : spellings) {
            ObjectId fromEvent = ObjectId.fromEncoded("bucket-1", spelling[1], spelling[2], KeyEncoding.FORM);
            new RecordRestoreEvents(ledger, new FakeCurrentVersions().current(fromEvent))
                    .apply(List.of(RestoreEvent.completed(fromEvent, T0)));
        }

        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(3, 0));
    }

    @Test
    void shouldKeepTheRecordsUntilTheJobsDeadlinePlusTheRetention() {
        registration.register(JOB_A, 0, List.of(new ChunkEntry(object(1), 0)));

        assertThat(ledger.keptUntil(object(1))).contains(JOB_A.deadline().plus(Duration.ofDays(30)));
    }
}
