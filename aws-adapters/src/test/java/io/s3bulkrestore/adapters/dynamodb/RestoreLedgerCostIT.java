package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tally.TallyChanges;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.RestoreFact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What tracking costs in DynamoDB requests, counted by an SDK interceptor: one write per object to register it or
 * to record its restore, whatever is replayed, and one counter write per job and stream batch to tally.
 */
class RestoreLedgerCostIT {

    /** Relative to now: DynamoDB Local deletes items whose TTL passed. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Instant KEEP = NOW.plus(Duration.ofDays(30));
    private static final int OBJECTS = 300;
    private static final JobId JOB = new JobId("cost-a");
    private static final JobId OTHER = new JobId("cost-b");

    private static final RequestCounter REQUESTS = new RequestCounter();
    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB =
            new DynamoDbLocalExtension(server -> TestClients.dynamoDb(server, REQUESTS));
    private FreshTables tables;
    private DynamoDbRestoreLedger ledger;
    private ObjectsTableStream stream;

    @BeforeEach
    void freshTables() {
        tables = DYNAMODB.freshTables();
        ledger = new DynamoDbRestoreLedger(DYNAMODB.client(), tables.objects(), tables.jobs());
        stream = new ObjectsTableStream(DYNAMODB.server(), DYNAMODB.client(), tables.objects());
    }

    private static List<MembershipClaim> chunk(int from, int to) {
        List<MembershipClaim> claims = new ArrayList<>();
        for (int i = from; i < to; i++) {
            claims.add(new MembershipClaim(object(i), new Origin(0, i * 20L), Optional.of(NOW.minusSeconds(3600))));
        }
        return claims;
    }

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "cost/" + i);
    }

    private static Map<ObjectId, RestoreFact> restores(int from, int to) {
        Map<ObjectId, RestoreFact> restores = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            restores.put(object(i), new RestoreFact(NOW.minusSeconds(60), Optional.of(NOW.plus(Duration.ofDays(7))),
                    Optional.of("GLACIER")));
        }
        return restores;
    }

    @Test
    void shouldRegisterWithOneWritePerObjectAndReplayAChunkWithOneUnchangingWritePerObject() {
        // When a chunk of 300 objects is registered, then replayed
        REQUESTS.reset();
        ledger.register(JOB, chunk(0, OBJECTS), NOW, KEEP);
        long first = REQUESTS.count("UpdateItem");
        long firstTotal = REQUESTS.total();
        int records = stream.size();
        REQUESTS.reset();
        ledger.register(JOB, chunk(0, OBJECTS), NOW.plusSeconds(60), KEEP);

        // Then 300 UpdateItems each time and nothing else; the replay's fail their condition and change nothing
        assertThat(first).isEqualTo(OBJECTS);
        assertThat(firstTotal).isEqualTo(OBJECTS);
        assertThat(REQUESTS.count("UpdateItem")).isEqualTo(OBJECTS);
        assertThat(REQUESTS.total()).isEqualTo(OBJECTS);
        assertThat(records).isEqualTo(OBJECTS);
        assertThat(stream.size()).isEqualTo(OBJECTS);
    }

    @Test
    void shouldRegisterForAJobKeptShorterThanTheRecordWithTwoWritesPerObject() {
        // Given objects restored and registered by a job kept longer than the next one
        ledger.recordRestores(restores(0, OBJECTS));
        ledger.register(JOB, chunk(0, OBJECTS), NOW, KEEP.plus(Duration.ofDays(30)));

        // When a job kept shorter registers them: the TTL condition fails and a second write adds the membership
        REQUESTS.reset();
        ledger.register(OTHER, chunk(0, OBJECTS), NOW, KEEP);

        // Then two UpdateItems per object: the cost of never lowering the TTL
        assertThat(REQUESTS.count("UpdateItem")).isEqualTo(2L * OBJECTS);
        assertThat(REQUESTS.total()).isEqualTo(2L * OBJECTS);
    }

    @Test
    void shouldRecordARestoreWithOneWritePerObjectAndADuplicateWithOneFailedWriteAndNoStreamRecord() {
        ledger.register(JOB, chunk(0, OBJECTS), NOW, KEEP);
        int registered = stream.size();

        REQUESTS.reset();
        ledger.recordRestores(restores(0, OBJECTS));
        long restoreWrites = REQUESTS.count("UpdateItem");
        int afterRestores = stream.size();
        REQUESTS.reset();
        ledger.recordRestores(restores(0, OBJECTS));

        assertThat(restoreWrites).isEqualTo(OBJECTS);
        assertThat(afterRestores).isEqualTo(registered + OBJECTS);
        assertThat(REQUESTS.count("UpdateItem")).isEqualTo(OBJECTS);
        assertThat(REQUESTS.total()).isEqualTo(OBJECTS);
        assertThat(stream.size()).isEqualTo(afterRestores);
    }

    @Test
    void shouldTallyWithOneCounterWritePerJobPerBatch() {
        // Given 300 objects in job a, the first 100 also in job b, all restored: 700 stream records
        var jobs = new DynamoDbJobStore(DYNAMODB.client(), tables.jobs());
        jobs.create(SampleJobs.submitting(JOB.value(), 0, null));
        jobs.create(SampleJobs.submitting(OTHER.value(), 1, null));
        ledger.register(JOB, chunk(0, OBJECTS), NOW, KEEP);
        ledger.register(OTHER, chunk(0, 100), NOW, KEEP);
        ledger.recordRestores(restores(0, OBJECTS));
        Map<String, List<ObjectChange>> changes = stream.changes();
        var tally = new TallyChanges(new DynamoDbTallyStore(DYNAMODB.client(), tables.jobs(), Clock.systemUTC(), Duration.ofDays(30)));

        // When they are tallied in batches of 100 (the mapping's default batch size)
        REQUESTS.reset();
        long pairs = 0;
        for (var shard : changes.entrySet()) {
            List<ObjectChange> all = shard.getValue();
            for (int from = 0; from < all.size(); from += 100) {
                pairs += tally.apply(shard.getKey(), all.subList(from, Math.min(all.size(), from + 100))).jobs();
            }
        }

        // Then one UpdateItem per (job, batch) pair that moves the job: batches 1-3 and 5-7 move a, 4 and 5 move b
        assertThat(changes.values().stream().mapToInt(List::size).sum()).isEqualTo(2 * OBJECTS + 100);
        assertThat(pairs).isEqualTo(8);
        assertThat(REQUESTS.count("UpdateItem")).isEqualTo(pairs);
        assertThat(REQUESTS.total()).isEqualTo(pairs);
        assertThat(jobs.find(JOB).orElseThrow().counts()).isEqualTo(new JobCounts(OBJECTS, 0, 0));
        assertThat(jobs.find(OTHER).orElseThrow().counts()).isEqualTo(new JobCounts(100, 0, 0));
    }
}
