package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecordRestoreEventsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB_A = new JobId("job-a");
    private static final JobId JOB_B = new JobId("job-b");

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final Clock clock = Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC);
    private final RecordRestoreEvents events = new RecordRestoreEvents(ledger, clock);
    private final RegisterManifestObjects registration = new RegisterManifestObjects(ledger, clock);

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "data/object-" + i);
    }

    private void register(JobId job, ObjectId... objects) {
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            entries.add(new ChunkEntry(objects[i], i * 100L));
        }
        registration.register(job, 0, entries);
    }

    @Test
    void shouldCreditAMembershipRegisteredBeforeTheRestoreCompleted() {
        register(JOB_A, object(1), object(2));

        var outcome = events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(outcome.creditedByJob()).containsEntry(JOB_A, 1);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.membership(object(1), JOB_A).orElseThrow().settlement()).isEqualTo(Settlement.CREDITED);
        assertThat(ledger.membership(object(2), JOB_A).orElseThrow().isPending()).isTrue();
    }

    @Test
    void shouldNotCountForAJobARestoreThatCompletedBeforeTheJobWasCreated() {
        // Given an object restored (and perhaps expired and archived again since) an hour before the job was created
        Instant created = T0.plusSeconds(3600);
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        // When the job registers it, and the old restore's event is delivered again (at least once, late)
        var registered = registration.register(JOB_A, Optional.of(created), 0, List.of(new ChunkEntry(object(1), 0)));
        var redelivered = events.apply(List.of(RestoreEvent.completed(object(1), T0)));
        boolean pendingAfterOldEvent = ledger.membership(object(1), JOB_A).orElseThrow().isPending();
        // and the job's own restore completes
        var ownRestore = events.apply(List.of(RestoreEvent.completed(object(1), created.plusSeconds(60))));

        // Then only the restore that completed after the job was created counts (an older one is left to
        // reconciliation, which asks S3 whether the object is restored now)
        assertThat(registered.credited()).isZero();
        assertThat(redelivered.credited()).isZero();
        assertThat(pendingAfterOldEvent).isTrue();
        assertThat(ownRestore.creditedByJob()).containsEntry(JOB_A, 1);
    }

    @Test
    void shouldCreditAtRegistrationWhenTheEventCameFirst() {
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);

        var registered = registration.register(JOB_A, 0, List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 40)));

        assertThat(registered.credited()).isEqualTo(1);
        assertThat(registered.newObjects()).isEqualTo(2);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldCreditAnObjectOnceInEachOfItsJobs() {
        register(JOB_A, object(1));
        register(JOB_B, object(1), object(2));

        var outcome = events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(outcome.creditedByJob()).containsEntry(JOB_A, 1).containsEntry(JOB_B, 1);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.countsOf(JOB_B)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldCreditAVersionlessManifestLineWhenTheEventNamesTheRestoredVersion() {
        // Given a manifest line without a VersionId (the current version) and one naming an old version
        ObjectId current = ObjectId.of("versioned-1", "logs/day 1.gz");
        ObjectId oldVersion = new ObjectId("versioned-1", "logs/day 2.gz", "v-old");
        register(JOB_A, current, oldVersion);

        // When S3 reports the current version restored, with its version id as in a versioned bucket
        var outcome = events.apply(List.of(RestoreEvent.completed(new ObjectId("versioned-1", "logs/day 1.gz", "v-7"), T0)));

        // Then the versionless line is credited, once, and the other version's line is not
        assertThat(outcome.events()).isEqualTo(1);
        assertThat(outcome.completedObjects()).isEqualTo(1);
        assertThat(outcome.creditedByJob()).containsEntry(JOB_A, 1);
        assertThat(ledger.membership(current, JOB_A).orElseThrow().settlement()).isEqualTo(Settlement.CREDITED);
        assertThat(ledger.membership(oldVersion, JOB_A).orElseThrow().isPending()).isTrue();
    }

    @Test
    void shouldCreditAVersionlessLineRegisteredAfterTheVersionedEvent() {
        // Given the event about the restored version came before the manifest line was registered
        events.apply(List.of(RestoreEvent.completed(new ObjectId("versioned-1", "a+b.txt", "v-1"), T0)));

        // When the line without a VersionId is registered
        var registered = registration.register(JOB_A, 0, List.of(new ChunkEntry(ObjectId.of("versioned-1", "a+b.txt"), 0)));

        // Then registration sees the fact and credits it
        assertThat(registered.credited()).isEqualTo(1);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldNotCreditALineNamingAVersionWhenAnotherVersionIsRestored() {
        ObjectId named = new ObjectId("versioned-1", "k", "v-1");
        register(JOB_A, named);

        events.apply(List.of(RestoreEvent.completed(new ObjectId("versioned-1", "k", "v-2"), T0)));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
    }

    @Test
    void shouldCountDuplicateAndReplayedEventsOnceAndWriteEachJobsCounterOncePerBatch() {
        register(JOB_A, object(1), object(2), object(3));
        List<RestoreEvent> batch = List.of(
                RestoreEvent.completed(object(1), T0), RestoreEvent.completed(object(2), T0),
                RestoreEvent.completed(object(1), T0), RestoreEvent.initiated(object(3), T0),
                RestoreEvent.completed(object(3), T0.plusSeconds(5)));

        events.apply(batch);
        var replay = events.apply(batch);

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(3, 0));
        assertThat(replay.credited()).isZero();
        assertThat(ledger.counterWrites()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheCreditWhenTheRestoredCopyExpiresLater() {
        register(JOB_A, object(1));
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        events.apply(List.of(RestoreEvent.expired(object(1), T0.plusSeconds(86_400))));
        events.apply(List.of(RestoreEvent.completed(object(1), T0))); // a late duplicate of the completion

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.membership(object(1), JOB_A).orElseThrow().settlement()).isEqualTo(Settlement.CREDITED);
        assertThat(ledger.statesOf(List.of(object(1))).get(object(1)).isRestored()).isFalse();
    }

    @Test
    void shouldNotCreditAtRegistrationAnObjectWhoseRestoredCopyHasExpired() {
        events.apply(List.of(RestoreEvent.expired(object(1), T0.plusSeconds(60)), RestoreEvent.completed(object(1), T0)));

        register(JOB_A, object(1));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
        assertThat(ledger.membership(object(1), JOB_A).orElseThrow().isPending()).isTrue();
    }

    @Test
    void shouldOnlyRecordTheFactForAnObjectInNoJob() {
        register(JOB_A, object(1));

        var outcome = events.apply(List.of(RestoreEvent.completed(object(9), T0)));

        assertThat(outcome.credited()).isZero();
        assertThat(outcome.completedObjects()).isEqualTo(1);
        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
        assertThat(ledger.counterWrites()).isZero();
        assertThat(ledger.statesOf(List.of(object(9))).get(object(9)).restoredAt()).isEqualTo(T0);
    }

    @Test
    void shouldNotCreditOnInitiatedOrExpiredEvents() {
        register(JOB_A, object(1));

        events.apply(List.of(RestoreEvent.initiated(object(1), T0), RestoreEvent.expired(object(1), T0)));

        assertThat(ledger.countsOf(JOB_A)).isEqualTo(JobCounts.NONE);
        var state = ledger.statesOf(List.of(object(1))).get(object(1));
        assertThat(state.initiatedAt()).isEqualTo(T0);
        assertThat(state.expiredAt()).isEqualTo(T0);
    }

    @Test
    void shouldKeepTheLatestInstantOfEachFactWhateverTheOrder() {
        events.apply(List.of(RestoreEvent.completed(object(1), T0.plusSeconds(10))));
        events.apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(ledger.statesOf(List.of(object(1))).get(object(1)).restoredAt()).isEqualTo(T0.plusSeconds(10));
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
