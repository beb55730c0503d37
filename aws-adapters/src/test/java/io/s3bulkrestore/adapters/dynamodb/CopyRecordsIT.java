package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.copy.CopyTask;
import io.s3bulkrestore.copy.CopyTriggers;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tally.TallyChanges;
import io.s3bulkrestore.tracking.CopyResult;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copies recorded on DynamoDB Local: a copying job's membership says so, a copy's result is written once, and the
 * table's real stream calls for each restored object's copy once and moves the copy counters once.
 */
class CopyRecordsIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Instant KEEP = NOW.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    private static final JobId COPYING = new JobId("job-copying");
    private static final JobId PLAIN = new JobId("job-plain");

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();
    private DynamoDbRestoreLedger ledger;
    private DynamoDbJobStore jobs;
    private ObjectsTableStream stream;
    private TallyChanges tally;

    @BeforeEach
    void freshTables() {
        var tables = DYNAMODB.freshTables();
        ledger = new DynamoDbRestoreLedger(DYNAMODB.client(), tables.objects(), tables.jobs());
        jobs = new DynamoDbJobStore(DYNAMODB.client(), tables.jobs());
        jobs.create(SampleJobs.submitting(COPYING.value(), 0, null));
        jobs.create(SampleJobs.submitting(PLAIN.value(), 1, null));
        stream = new ObjectsTableStream(DYNAMODB.server(), DYNAMODB.client(), tables.objects());
        tally = new TallyChanges(new DynamoDbTallyStore(DYNAMODB.client(), tables.jobs(), Clock.systemUTC(), Duration.ofDays(30)));
    }

    private static ObjectId object(int i) {
        return new ObjectId("bucket-1", "k/" + i, "v" + i);
    }

    /** Both jobs list objects 1 and 2; only COPYING copies. */
    private void registerBoth() {
        for (JobId job : List.of(COPYING, PLAIN)) {
            List<MembershipClaim> claims = List.of(
                    new MembershipClaim(object(1), new Origin(0, 0), Optional.of(NOW.minusSeconds(60)), job == COPYING),
                    new MembershipClaim(object(2), new Origin(0, 30), Optional.of(NOW.minusSeconds(60)), job == COPYING));
            ledger.register(job, claims, NOW, KEEP);
        }
    }

    /** Tallies every change the stream holds, and returns the copies they call for. */
    private List<CopyTask> tallyStream() {
        List<CopyTask> tasks = new ArrayList<>();
        for (Map.Entry<String, List<ObjectChange>> shard : stream.changes().entrySet()) {
            tasks.addAll(CopyTriggers.of(shard.getValue()));
            tally.apply(shard.getKey(), shard.getValue());
        }
        return tasks;
    }

    @Test
    void shouldCallForTheCopyOfEachRestoredObjectOfTheCopyingJobOnceAndCountItsResultOnce() {
        registerBoth();
        ledger.recordRestores(Map.of(object(1), RestoreFact.at(NOW), object(2), RestoreFact.at(NOW)));

        List<CopyTask> called = tallyStream();
        boolean first = ledger.recordCopy(COPYING, object(1), CopyResult.copied());
        boolean again = ledger.recordCopy(COPYING, object(1), CopyResult.failed("SlowDown"));
        boolean failed = ledger.recordCopy(COPYING, object(2), CopyResult.expired("RestoreExpired"));
        boolean plain = ledger.recordCopy(PLAIN, object(1), CopyResult.copied());
        List<CopyTask> calledAgain = tallyStream(); // the whole stream again: a redelivery of every batch

        assertThat(called).containsExactlyInAnyOrder(new CopyTask(COPYING, object(1)), new CopyTask(COPYING, object(2)));
        assertThat(calledAgain).containsExactlyInAnyOrderElementsOf(called); // a redelivery calls for the same, no more
        assertThat(first).isTrue();
        assertThat(again).isFalse(); // the first result stands
        assertThat(failed).isTrue();
        assertThat(plain).isFalse(); // a job that does not copy records no copy
        assertThat(ledger.recordCopy(COPYING, object(9), CopyResult.copied())).as("no record at all").isFalse();
        assertThat(ledger.recordCopy(new JobId("job-other"), object(1), CopyResult.copied()))
                .as("a record that does not list the job").isFalse();
        var records = ledger.records(List.of(object(1), object(2)));
        assertThat(records.get(object(1)).outcome(COPYING).orElseThrow().copy()).contains(CopyResult.copied());
        assertThat(records.get(object(2)).outcome(COPYING).orElseThrow().copy())
                .contains(CopyResult.expired("RestoreExpired"));
        assertThat(records.get(object(1)).outcome(PLAIN).orElseThrow().copies()).isFalse();
        assertThat(jobs.find(COPYING).orElseThrow().counts()).isEqualTo(new JobCounts(2, 0, 0, 1, 1));
        assertThat(jobs.find(PLAIN).orElseThrow().counts()).isEqualTo(new JobCounts(2, 0, 0));
    }
}
