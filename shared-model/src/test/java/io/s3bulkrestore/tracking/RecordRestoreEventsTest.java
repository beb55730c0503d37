package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
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
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.s3bulkrestore.fakes.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class RecordRestoreEventsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB_A = new JobId("job-a");
    private static final JobId JOB_B = new JobId("job-b");

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final MutableClock clock = new MutableClock(T0.plusSeconds(7200));
    private final FakeCurrentVersions versions = new FakeCurrentVersions();
    private final RecordRestoreEvents events = new RecordRestoreEvents(ledger, versions);
    private final RegisterManifestObjects registration = new RegisterManifestObjects(ledger, clock, Duration.ofDays(30));

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "data/object-" + i);
    }

    /** A job created at {@code created}. */
    private static Job job(JobId id, Instant created) {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        return Job.submitting(id, request, new ManifestLocation("manifests", "m.csv", "etag", 100), created,
                created.plus(Duration.ofHours(12)), null).submitted("batch", 1);
    }

    private void register(JobId job, ObjectId... objects) {
        register(job(job, T0.minusSeconds(60)), objects);
    }

    private void register(Job job, ObjectId... objects) {
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            entries.add(new ChunkEntry(objects[i], i * 100L));
        }
        registration.register(job, 0, entries);
    }

    private Settlement settlement(ObjectId object, JobId job) {
        return ledger.settlement(object, job).orElseThrow();
    }

    @Test
    void shouldCountAnObjectRegisteredBeforeItsRestoreCompleted() {
        register(JOB_A, object(1), object(2));

        var outcome = events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(outcome.completedObjects()).isEqualTo(1);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(settlement(object(1), JOB_A)).isEqualTo(Settlement.CREDITED);
        assertThat(settlement(object(2), JOB_A)).isEqualTo(Settlement.PENDING);
    }

    @Test
    void shouldCountAnObjectWhoseRestoreCompletedBeforeItWasRegistered() {
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);

        register(JOB_A, object(1), object(2));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.registeredOf(JOB_A)).isEqualTo(2);
    }

    @Test
    void shouldNotCountARestoreFromBeforeTheJobThatExpiredBeforeTheJobRegisteredIt() {
        // Given an object restored a day before the job, whose copy expired an hour before the job registered it
        Instant created = T0.plus(Duration.ofDays(1));
        events.apply(List.of(RestoreEvent.completed(object(1), T0).withRestore(created.minusSeconds(3600), null)));
        clock.set(created.plusSeconds(60));

        // When the job registers it, and the old restore's event is delivered again (at least once, late)
        register(job(JOB_A, created), object(1));
        events.apply(List.of(RestoreEvent.completed(object(1), T0).withRestore(created.minusSeconds(3600), null)));
        Settlement afterOldEvent = settlement(object(1), JOB_A);
        // and the job's own restore completes
        events.apply(List.of(RestoreEvent.completed(object(1), created.plusSeconds(600))));

        // Then only the restore that completed after the job was created counts
        assertThat(afterOldEvent).isEqualTo(Settlement.PENDING);
        assertThat(settlement(object(1), JOB_A)).isEqualTo(Settlement.CREDITED);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldCountARestoreFromBeforeTheJobThatWasStillReadableWhenTheJobRegisteredIt() {
        // Batch Operations finds the copy readable and S3 sends no new Completed event: the old one must count
        Instant created = T0.plus(Duration.ofDays(1));
        events.apply(List.of(RestoreEvent.completed(object(1), T0).withRestore(created.plus(Duration.ofDays(3)), null)));
        clock.set(created.plusSeconds(60));

        register(job(JOB_A, created), object(1));

        assertThat(settlement(object(1), JOB_A)).isEqualTo(Settlement.CREDITED);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldNotCountARestoreFromBeforeTheJobWhoseExpiryIsUnknown() {
        Instant created = T0.plus(Duration.ofDays(1));
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));
        clock.set(created.plusSeconds(60));

        register(job(JOB_A, created), object(1));

        assertThat(settlement(object(1), JOB_A)).isEqualTo(Settlement.PENDING);
    }

    @Test
    void shouldCountAnIntelligentTieringRestoreFromBeforeTheJobUntilTheObjectMayBeArchivedAgain() {
        // An Intelligent-Tiering restore has no expiry; the object can go back to Archive Access 90 days unread
        events.apply(List.of(RestoreEvent.completed(object(1), T0).withRestore(null, "INTELLIGENT_TIERING")));
        events.apply(List.of(RestoreEvent.completed(object(2), T0).withRestore(null, "INTELLIGENT_TIERING")));

        Instant soon = T0.plus(Duration.ofDays(30));
        clock.set(soon.plusSeconds(60));
        register(job(JOB_A, soon), object(1));
        Instant late = T0.plus(Duration.ofDays(91));
        clock.set(late.plusSeconds(60));
        register(job(JOB_B, late), object(2));

        assertThat(settlement(object(1), JOB_A)).isEqualTo(Settlement.CREDITED);
        assertThat(settlement(object(2), JOB_B)).isEqualTo(Settlement.PENDING);
    }

    @Test
    void shouldCountAnObjectOnceInEachOfItsJobs() {
        register(JOB_A, object(1));
        register(JOB_B, object(1), object(2));

        events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.countsOf(JOB_B)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldCountAVersionlessManifestLineWhenTheEventNamesTheRestoredVersion() {
        // Given a manifest line without a VersionId (the current version) and one naming an old version
        ObjectId current = ObjectId.of("versioned-1", "logs/day 1.gz");
        ObjectId oldVersion = new ObjectId("versioned-1", "logs/day 2.gz", "v-old");
        register(JOB_A, current, oldVersion);

        // When S3 reports the current version restored, with its version id as in a versioned bucket
        ObjectId restored = new ObjectId("versioned-1", "logs/day 1.gz", "v-7");
        versions.current(restored);
        var outcome = events.apply(List.of(RestoreEvent.completed(restored, T0)));

        // Then the versionless line counts, once, and the other version's line does not
        assertThat(outcome.events()).isEqualTo(1);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(settlement(current, JOB_A)).isEqualTo(Settlement.CREDITED);
        assertThat(settlement(oldVersion, JOB_A)).isEqualTo(Settlement.PENDING);
    }

    @Test
    void shouldCountAVersionlessLineRegisteredAfterTheVersionedEvent() {
        ObjectId restored = new ObjectId("versioned-1", "a+b.txt", "v-1");
        versions.current(restored);
        events.apply(List.of(RestoreEvent.completed(restored, T0)));

        register(JOB_A, ObjectId.of("versioned-1", "a+b.txt"));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldNotCountALineNamingAVersionWhenAnotherVersionIsRestored() {
        register(JOB_A, new ObjectId("versioned-1", "k", "v-1"));
        versions.current(new ObjectId("versioned-1", "k", "v-2"));

        events.apply(List.of(RestoreEvent.completed(new ObjectId("versioned-1", "k", "v-2"), T0)));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
    }

    @Test
    void shouldNeverCountAVersionlessLineForTheRestoreOfAnOlderVersion() {
        // Given a line meaning the current version (v-2) and, in another job, a line naming the older v-1
        ObjectId line = ObjectId.of("versioned-1", "k");
        ObjectId older = new ObjectId("versioned-1", "k", "v-1");
        versions.current(new ObjectId("versioned-1", "k", "v-2"));
        register(JOB_A, line);
        register(JOB_B, older);

        // When the older version's restore completes
        events.apply(List.of(RestoreEvent.completed(older, T0)));

        // Then it counts for the line naming it, never for the line meaning the current version, nor for a job
        // that registers that line later
        assertThat(ledger.countsOf(JOB_B)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
        assertThat(settlement(line, JOB_A)).isEqualTo(Settlement.PENDING);
        JobId later = new JobId("job-later");
        register(later, line);
        assertThat(ledger.countsOf(later)).isEqualTo(JobCounts.NONE);

        // and the current version's restore does count for it
        events.apply(List.of(RestoreEvent.completed(new ObjectId("versioned-1", "k", "v-2"), T0.plusSeconds(60))));
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.countsOf(JOB_B)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldNotCountAVersionlessLineWhenTheObjectHasNoCurrentVersion() {
        ObjectId line = ObjectId.of("versioned-1", "deleted");
        register(JOB_A, line);

        // the object was deleted (a delete marker is on top) after its version v-1 was restored
        events.apply(List.of(RestoreEvent.completed(new ObjectId("versioned-1", "deleted", "v-1"), T0)));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
    }

    @Test
    void shouldMatchSThreesNullVersionToALineNamingIt() {
        // Given lines naming the version written before versioning was enabled, and meaning the current version
        ObjectId nullVersion = new ObjectId("versioned-1", "old", CurrentVersions.NULL_VERSION);
        ObjectId current = ObjectId.of("versioned-1", "old");
        register(JOB_A, nullVersion);
        register(JOB_B, current);
        versions.current(new ObjectId("versioned-1", "old", "v-9"));

        // When S3 reports the "null" version restored (no longer the current one)
        events.apply(List.of(RestoreEvent.completed(nullVersion, T0)));

        // Then the line naming it counts, the line meaning the current version does not
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.countsOf(JOB_B)).isEqualTo(JobCounts.NONE);
    }

    @Test
    void shouldCountAVersionlessLineForTheNullVersionOfABucketNeverVersioned() {
        ObjectId line = ObjectId.of("plain-1", "k");
        register(JOB_A, line);
        versions.current(new ObjectId("plain-1", "k", CurrentVersions.NULL_VERSION));

        events.apply(List.of(RestoreEvent.completed(new ObjectId("plain-1", "k", "null"), T0)));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldAskAboutCurrentVersionsOncePerBatchAndOnlyForEventsWithAVersion() {
        register(JOB_A, object(1), ObjectId.of("versioned-1", "a"), ObjectId.of("versioned-1", "b"));
        versions.current(new ObjectId("versioned-1", "a", "v-1")).current(new ObjectId("versioned-1", "b", "v-1"));

        events.apply(List.of(RestoreEvent.completed(object(1), T0),
                RestoreEvent.completed(new ObjectId("versioned-1", "a", "v-1"), T0),
                RestoreEvent.completed(new ObjectId("versioned-1", "b", "v-1"), T0),
                RestoreEvent.completed(new ObjectId("versioned-1", "b", "v-1"), T0)));
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(versions.questions())
                .containsExactly(Set.of(ObjectId.of("versioned-1", "a"), ObjectId.of("versioned-1", "b")));
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(3, 0));
    }

    @Test
    void shouldCountDuplicateAndReplayedEventsOnceWithOneCounterWritePerJobPerTalliedBatch() {
        InMemoryRestoreLedger lagging = new InMemoryRestoreLedger(false);
        new RegisterManifestObjects(lagging, clock, Duration.ofDays(30)).register(job(JOB_A, T0.minusSeconds(60)), 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(3), 20)));
        List<RestoreEvent> batch = List.of(
                RestoreEvent.completed(object(1), T0), RestoreEvent.completed(object(2), T0),
                RestoreEvent.completed(object(1), T0), RestoreEvent.initiated(object(3), T0),
                RestoreEvent.completed(object(3), T0.plusSeconds(5)));

        new RecordRestoreEvents(lagging, FakeCurrentVersions.neverAsked()).apply(batch);
        new RecordRestoreEvents(lagging, FakeCurrentVersions.neverAsked()).apply(batch);
        lagging.tallyPending();

        assertThat(lagging.countsOf(JOB_A)).isEqualTo(new JobCounts(3, 0));
        assertThat(lagging.changesSince(0)).hasSize(6); // 3 registrations, 3 restores: the replay changed nothing
        assertThat(lagging.counterWrites()).isEqualTo(1);
    }

    @Test
    void shouldKeepCountingARestoreWhoseCopyExpiresLater() {
        register(JOB_A, object(1));
        events.apply(List.of(RestoreEvent.completed(object(1), T0).withRestore(T0.plus(Duration.ofDays(1)), null)));

        events.apply(List.of(RestoreEvent.expired(object(1), T0.plus(Duration.ofDays(1)))));
        events.apply(List.of(RestoreEvent.completed(object(1), T0))); // a late duplicate of the completion

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(settlement(object(1), JOB_A)).isEqualTo(Settlement.CREDITED);
    }

    @Test
    void shouldOnlyRecordTheRestoreOfAnObjectInNoJob() {
        register(JOB_A, object(1));

        var outcome = events.apply(List.of(RestoreEvent.completed(object(9), T0)));

        assertThat(outcome.completedObjects()).isEqualTo(1);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
        assertThat(ledger.record(object(9)).orElseThrow().restore()).contains(RestoreFact.at(T0));
    }

    @Test
    void shouldIgnoreInitiatedAndExpiredEvents() {
        register(JOB_A, object(1));
        int changes = ledger.changesSince(0).size();

        var outcome = events.apply(List.of(RestoreEvent.initiated(object(1), T0), RestoreEvent.expired(object(1), T0)));

        assertThat(outcome).isEqualTo(new RecordRestoreEvents.Outcome(2, 0));
        assertThat(ledger.changesSince(changes)).isEmpty();
        assertThat(ledger.record(object(1)).orElseThrow().restore()).isEmpty();
    }

    @Test
    void shouldKeepTheLatestRestoreWhateverTheOrder() {
        events.apply(List.of(RestoreEvent.completed(object(1), T0.plusSeconds(10))));
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(ledger.record(object(1)).orElseThrow().restore()).contains(RestoreFact.at(T0.plusSeconds(10)));
    }

    @Test
    void shouldCountARestoreOverAFailedTask() {
        register(JOB_A, object(1));
        ledger.markFailed(JOB_A, List.of(object(1)), "AccessDenied");
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(0, 1));

        events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(settlement(object(1), JOB_A)).isEqualTo(Settlement.CREDITED);
    }

    @Test
    void shouldNameEventKindsAsS3AndEventBridgeDo() {
        assertThat(RestoreEvent.Kind.fromName("s3:ObjectRestore:Completed")).contains(RestoreEvent.Kind.COMPLETED);
        assertThat(RestoreEvent.Kind.fromName("ObjectRestore:Post")).contains(RestoreEvent.Kind.INITIATED);
        assertThat(RestoreEvent.Kind.fromName("Object Restore Expired")).contains(RestoreEvent.Kind.EXPIRED);
        assertThat(RestoreEvent.Kind.fromName("s3:ObjectRestore:Delete")).contains(RestoreEvent.Kind.EXPIRED);
        assertThat(RestoreEvent.Kind.fromName("s3:TestEvent")).isEmpty();
    }
}
