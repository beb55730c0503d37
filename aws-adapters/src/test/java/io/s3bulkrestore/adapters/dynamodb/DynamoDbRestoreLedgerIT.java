package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.fakes.CrashingRestoreLedger;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreFact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The restore ledger on DynamoDB Local: one item per object, each write idempotent on its item. */
class DynamoDbRestoreLedgerIT {

    /** Relative to now, to the microsecond: DynamoDB Local deletes items whose TTL passed, and stores millis. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS).plusNanos(123_000);
    private static final Instant KEEP = NOW.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    private static final JobId JOB = new JobId("job-1");
    private static final JobId OTHER = new JobId("job-2");
    private static final Instant JOB_CREATED = NOW.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();
    private FreshTables tables;
    private DynamoDbRestoreLedger ledger;
    private LedgerTables read;
    private ObjectsTableStream stream;

    @BeforeEach
    void freshTables() {
        tables = DYNAMODB.freshTables();
        ledger = new DynamoDbRestoreLedger(DYNAMODB.client(), tables.objects(), tables.jobs());
        read = new LedgerTables(DYNAMODB.client(), tables.objects(), tables.jobs());
        stream = new ObjectsTableStream(DYNAMODB.server(), DYNAMODB.client(), tables.objects());
    }

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "k/" + i);
    }

    private static MembershipClaim claim(int object, long byteOffset) {
        return new MembershipClaim(object(object), new Origin(0, byteOffset), Optional.of(JOB_CREATED));
    }

    private long ttlOf(ObjectId object) {
        return Long.parseLong(read.objectItem(object).get(TableDesign.TTL).n());
    }

    @Test
    void shouldRegisterOneItemPerObjectAndKeepTheFirstMembershipOnReplay() {
        // Given a chunk that names object 1 twice (byte offsets 0 and 20) and object 2 once
        List<MembershipClaim> chunk = List.of(claim(1, 0), claim(2, 10), claim(1, 20));

        // When it is registered, then replayed later
        List<Registration> first = ledger.register(JOB, chunk, NOW, KEEP);
        List<Registration> replay = ledger.register(JOB, chunk, NOW.plusSeconds(60), KEEP);

        // Then one item per object, holding the membership of the first line that named it
        assertThat(read.objectItems()).hasSize(2);
        assertThat(first).extracting(Registration::created).containsExactly(true, true, false);
        assertThat(first).extracting(Registration::countsAsNew).containsExactly(true, true, false);
        assertThat(replay).extracting(Registration::created).containsExactly(false, false, false);
        assertThat(replay).extracting(Registration::countsAsNew).containsExactly(true, true, false);
        Membership stored = ledger.records(List.of(object(1))).get(object(1)).membership(JOB).orElseThrow();
        assertThat(stored).isEqualTo(Membership.pending(object(1), JOB, new Origin(0, 0), Optional.of(JOB_CREATED),
                NOW.truncatedTo(ChronoUnit.MILLIS)));
        assertThat(first.getFirst().stored()).isEqualTo(stored);
        assertThat(replay.getFirst().stored()).isEqualTo(stored);
    }

    @Test
    void shouldRaiseTheTtlToTheLatestJobsKeepUntilAndNeverLowerIt() {
        // Given an object registered by a job kept 30 days
        ledger.register(JOB, List.of(claim(1, 0)), NOW, KEEP);
        long first = ttlOf(object(1));

        // When a job kept 10 days registers it, then one kept 60 days
        Registration shorter = ledger.register(OTHER, List.of(claim(1, 0)), NOW, NOW.plus(Duration.ofDays(10))).getFirst();
        long afterShorter = ttlOf(object(1));
        JobId third = new JobId("job-3");
        Instant longest = NOW.plus(Duration.ofDays(60));
        ledger.register(third, List.of(claim(1, 0)), NOW, longest);

        // Then the shorter job's membership is added but the TTL stays; the longer one raises it
        assertThat(first).isEqualTo(KEEP.getEpochSecond());
        assertThat(shorter.created()).isTrue();
        assertThat(afterShorter).isEqualTo(KEEP.getEpochSecond());
        assertThat(ttlOf(object(1))).isEqualTo(longest.getEpochSecond());
        assertThat(ledger.records(List.of(object(1))).get(object(1)).memberships()).containsOnlyKeys(JOB, OTHER, third);
    }

    @Test
    void shouldAddAMembershipToAnObjectWhoseRestoreOutlivesTheJob() {
        // Given an object restored before any job listed it, readable for 90 days
        Instant expires = NOW.plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.MILLIS);
        ledger.recordRestores(Map.of(object(1), new RestoreFact(NOW.minusSeconds(60).truncatedTo(ChronoUnit.MILLIS),
                Optional.of(expires), Optional.of("GLACIER"))));

        // When a job kept 30 days registers it
        Registration registration = ledger.register(JOB, List.of(claim(1, 0)), NOW, KEEP).getFirst();

        // Then the membership is added, the TTL (the restore's expiry) is not lowered, and the restore counts
        assertThat(registration.created()).isTrue();
        assertThat(ttlOf(object(1))).isEqualTo(expires.getEpochSecond());
        ObjectRecord record = ledger.records(List.of(object(1))).get(object(1));
        assertThat(record.outcome(JOB).orElseThrow().settlement()).isEqualTo(Settlement.CREDITED);
    }

    @Test
    void shouldKeepTheLatestRestoreAndWriteNoStreamRecordForAnOlderOrADuplicateOne() {
        // Given a registered object with a restore
        ledger.register(JOB, List.of(claim(1, 0)), NOW, KEEP);
        Instant at = NOW.minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        RestoreFact restore = new RestoreFact(at, Optional.of(at.plus(Duration.ofDays(7))), Optional.of("DEEP_ARCHIVE"));
        ledger.recordRestores(Map.of(object(1), restore));
        int records = stream.size();

        // When the same restore arrives again, and an older one
        ledger.recordRestores(Map.of(object(1), restore));
        ledger.recordRestores(Map.of(object(1), RestoreFact.at(at.minusSeconds(3600))));
        int afterStale = stream.size();
        // and then a newer one
        RestoreFact newer = RestoreFact.at(at.plusSeconds(60));
        ledger.recordRestores(Map.of(object(1), newer));

        // Then the stale ones changed nothing, not even the stream; the newer one replaced the restore
        assertThat(records).isEqualTo(2);
        assertThat(afterStale).isEqualTo(records);
        assertThat(stream.size()).isEqualTo(records + 1);
        ObjectRecord record = ledger.records(List.of(object(1))).get(object(1));
        assertThat(record.restore()).contains(newer);
    }

    @Test
    void shouldStoreAndReadBackTheRestoresExpiryAndSourceClass() {
        // Given a Glacier restore with an expiry, and an Intelligent-Tiering restore that has none
        Instant at = NOW.minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        RestoreFact glacier = new RestoreFact(at, Optional.of(at.plus(Duration.ofDays(3))), Optional.of("GLACIER"));
        RestoreFact tiering = new RestoreFact(at, Optional.empty(), Optional.of("INTELLIGENT_TIERING"));
        // a job created after both restores registers the objects: each counts only while still readable
        Instant jobCreated = NOW.minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

        ledger.recordRestores(Map.of(object(1), glacier, object(2), tiering));
        ledger.register(JOB, List.of(new MembershipClaim(object(1), new Origin(0, 0), Optional.of(jobCreated)),
                new MembershipClaim(object(2), new Origin(0, 10), Optional.of(jobCreated))), NOW, KEEP);

        // Then
        Map<ObjectId, ObjectRecord> records = ledger.records(List.of(object(1), object(2)));
        assertThat(records.get(object(1)).restore()).contains(glacier);
        assertThat(records.get(object(2)).restore()).contains(tiering);
        assertThat(records.get(object(2)).outcome(JOB).orElseThrow().settlement()).isEqualTo(Settlement.CREDITED);
        // the Intelligent-Tiering restore keeps its item until it can be archived again, longer than the job
        assertThat(ttlOf(object(2))).isEqualTo(at.plus(RestoreFact.INTELLIGENT_TIERING_ARCHIVE_AFTER).getEpochSecond());
        assertThat(read.objectItem(object(2))).doesNotContainKey(ObjectItems.RESTORE_EXPIRES_AT);
    }

    @Test
    void shouldKeepAnUnlistedRestoreUntilItsCopyExpires() {
        Instant at = NOW.minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        ledger.recordRestores(Map.of(object(1), new RestoreFact(at, Optional.empty(), Optional.of("INTELLIGENT_TIERING")),
                object(2), RestoreFact.at(at)));

        assertThat(ttlOf(object(1))).isEqualTo(at.plus(RestoreFact.INTELLIGENT_TIERING_ARCHIVE_AFTER).getEpochSecond());
        assertThat(ttlOf(object(2))).isEqualTo(at.plus(DynamoDbRestoreLedger.UNLISTED_RESTORE_KEPT).getEpochSecond());
    }

    @Test
    void shouldSettleOnlyPendingMembershipsAndCountThem() {
        // Given three members of the job and an object the job does not list
        ledger.register(JOB, List.of(claim(1, 0), claim(2, 10), claim(3, 20)), NOW, KEEP);
        ledger.register(OTHER, List.of(claim(4, 0)), NOW, KEEP);

        // When
        int failed = ledger.markFailed(JOB, List.of(object(1), object(2), object(4), object(9)), "AccessDenied");
        int failedAgain = ledger.markFailed(JOB, List.of(object(1), object(2)), "AccessDenied");
        int skipped = ledger.markSkipped(JOB, List.of(object(2), object(3)), "InvalidObjectState");

        // Then only pending members of the job were settled, each once
        assertThat(failed).isEqualTo(2);
        assertThat(failedAgain).isZero();
        assertThat(skipped).isEqualTo(1);
        Map<ObjectId, ObjectRecord> records = ledger.records(List.of(object(1), object(2), object(3), object(4), object(9)));
        assertThat(records.get(object(2)).membership(JOB).orElseThrow())
                .extracting(Membership::settlement, Membership::code).containsExactly(Settlement.FAILED, Optional.of("AccessDenied"));
        assertThat(records.get(object(3)).membership(JOB).orElseThrow())
                .extracting(Membership::settlement, Membership::code)
                .containsExactly(Settlement.SKIPPED, Optional.of("InvalidObjectState"));
        assertThat(records.get(object(4)).memberships()).containsOnlyKeys(OTHER);
        assertThat(records.get(object(4)).membership(OTHER).orElseThrow().isPending()).isTrue();
        assertThat(records).doesNotContainKey(object(9));
    }

    @Test
    void shouldLetARestoreWinOverAFailedTask() {
        // Given a member whose task failed
        ledger.register(JOB, List.of(claim(1, 0)), NOW, KEEP);
        ledger.markFailed(JOB, List.of(object(1)), "InternalError");

        // When a restore after the job's creation arrives (an overlapping job restored it)
        ledger.recordRestores(Map.of(object(1), RestoreFact.at(NOW.truncatedTo(ChronoUnit.MILLIS))));

        // Then the object counts as restored for the job, though its membership still says failed
        ObjectRecord record = ledger.records(List.of(object(1))).get(object(1));
        assertThat(record.membership(JOB).orElseThrow().settlement()).isEqualTo(Settlement.FAILED);
        assertThat(record.outcome(JOB).orElseThrow().settlement()).isEqualTo(Settlement.CREDITED);
    }

    @Test
    void shouldWriteAChunkSummaryOnceWithItsTtl() {
        boolean written = ledger.recordChunkSummary(JOB, new ChunkSummary(3, 5, 6, 1,
                List.of(new ChunkSummary.InvalidLine(2, "the key is empty"))), KEEP);
        boolean again = ledger.recordChunkSummary(JOB, new ChunkSummary(3, 4, 6, 0), KEEP.plusSeconds(99));

        assertThat(written).isTrue();
        assertThat(again).isFalse();
        List<Map<String, AttributeValue>> chunks = read.jobItems(JOB, TableDesign.CHUNK_PREFIX);
        assertThat(chunks).singleElement().satisfies(item -> {
            assertThat(item.get(TableDesign.SK).s()).isEqualTo("CHUNK#3");
            assertThat(item.get(ChunkSummaryItem.OBJECTS).n()).isEqualTo("5");
            assertThat(item.get(TableDesign.TTL).n()).isEqualTo(Long.toString(KEEP.getEpochSecond()));
            assertThat(item.get(ChunkSummaryItem.INVALID_SAMPLES).l()).hasSize(1);
        });
    }

    @Test
    void shouldReadTheRecordsOfMoreObjectsThanOneBatchGetInTheirOrderAndLeaveOutAbsentOnes() {
        // Given 250 registered objects (three BatchGetItem pages)
        List<MembershipClaim> claims = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            claims.add(claim(i, i * 10L));
        }
        ledger.register(JOB, claims, NOW, KEEP);
        List<ObjectId> asked = new ArrayList<>();
        for (int i = 254; i >= 0; i--) { // 250..254 were never written
            asked.add(object(i));
        }

        Map<ObjectId, ObjectRecord> records = ledger.records(asked);

        assertThat(records).hasSize(250);
        assertThat(records.keySet()).containsExactlyElementsOf(asked.subList(5, 255));
        assertThat(records.get(object(0)).membership(JOB).orElseThrow().origin()).isEqualTo(new Origin(0, 0));
    }

    @Test
    void shouldNeverRegisterTwiceWhenChunksAreReplayedAfterCrashesAtAnyPoint() {
        // Given chunks with duplicate lines, every chunk delivered twice, and writes that crash half the time
        Job job = SampleJobs.submitting("job-crash", 0, null);
        var chunks = List.of(
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 8), new ChunkEntry(object(1), 16)),
                List.of(new ChunkEntry(object(2), 24), new ChunkEntry(object(3), 32), new ChunkEntry(object(4), 40)));
        var crashing = new CrashingRestoreLedger(ledger, new Random(3), 0.5);
        var use = new RegisterManifestObjects(crashing, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30));

        // When
        for (int c = 0; c < chunks.size(); c++) {
            for (int delivery = 0; delivery < 2; delivery++) {
                while (true) {
                    try {
                        long created = use.register(job, c, chunks.get(c));
                        use.summarize(job, new ChunkSummary(c, created, chunks.get(c).size(), 0));
                        break;
                    } catch (CrashingRestoreLedger.InjectedCrash crash) {
                        // SQS redelivers the chunk
                    }
                }
            }
        }

        // Then each object is one item with one membership, from the first line that named it
        assertThat(crashing.crashes()).isPositive();
        assertThat(read.totalObjects(job.id())).isEqualTo(4);
        Map<ObjectId, ObjectRecord> records = ledger.records(List.of(object(1), object(2), object(3), object(4)));
        assertThat(read.objectItems()).hasSize(4);
        assertThat(records.values()).allSatisfy(record -> assertThat(record.memberships()).containsOnlyKeys(job.id()));
        assertThat(records.get(object(1)).membership(job.id()).orElseThrow().origin()).isEqualTo(new Origin(0, 0));
        assertThat(records.get(object(2)).membership(job.id()).orElseThrow().origin()).isEqualTo(new Origin(0, 8));
    }
}
