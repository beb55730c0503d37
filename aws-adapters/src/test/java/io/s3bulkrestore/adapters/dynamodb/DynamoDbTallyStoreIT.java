package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tally.TallyStore.SequencedDelta;
import io.s3bulkrestore.tally.CountDelta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tally's counters on DynamoDB Local: each change's delta added once per job and shard, whatever the delivery. */
class DynamoDbTallyStoreIT {

    private static final JobId A = new JobId("job-a");
    private static final JobId B = new JobId("job-b");

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();
    private DynamoDbTallyStore tally;
    private DynamoDbJobStore jobs;
    private LedgerTables read;

    @BeforeEach
    void freshTables() {
        var tables = DYNAMODB.freshTables();
        tally = new DynamoDbTallyStore(DYNAMODB.client(), tables.jobs(), Clock.systemUTC(), Duration.ofDays(30));
        jobs = new DynamoDbJobStore(DYNAMODB.client(), tables.jobs());
        read = new LedgerTables(DYNAMODB.client(), tables.objects(), tables.jobs());
        jobs.create(SampleJobs.submitting(A.value(), 0, null));
        jobs.create(SampleJobs.submitting(B.value(), 1, null));
    }

    private static SequencedDelta restored(String sequence) {
        return new SequencedDelta(sequence, new CountDelta(0, 1, 0, 0));
    }

    private static SequencedDelta registered(String sequence) {
        return new SequencedDelta(sequence, new CountDelta(1, 0, 0, 0));
    }

    private static SequencedDelta failed(String sequence) {
        return new SequencedDelta(sequence, new CountDelta(0, 0, 1, 0));
    }

    private JobCounts counts(JobId job) {
        return jobs.find(job).orElseThrow().counts();
    }

    @Test
    void shouldAddABatchOnceAndNothingWhenItIsDeliveredAgain() {
        List<SequencedDelta> batch = List.of(registered("11"), registered("12"), restored("13"), failed("14"));

        int first = tally.add(A, "shard-1", batch);
        int again = tally.add(A, "shard-1", batch);

        assertThat(first).isEqualTo(4);
        assertThat(again).isZero();
        assertThat(counts(A)).isEqualTo(new JobCounts(1, 1, 0));
        assertThat(read.registered(A)).isEqualTo(2);
    }

    @Test
    void shouldAddNothingForEitherHalfOfABatchAddedWhole() {
        // Given a batch added whole, whose function then failed to answer: the event source bisects it
        List<SequencedDelta> batch = List.of(restored("21"), restored("22"), restored("23"), restored("24"));
        tally.add(A, "shard-1", batch);

        int firstHalf = tally.add(A, "shard-1", batch.subList(0, 2));
        int secondHalf = tally.add(A, "shard-1", batch.subList(2, 4));

        assertThat(firstHalf).isZero();
        assertThat(secondHalf).isZero();
        assertThat(counts(A)).isEqualTo(new JobCounts(4, 0, 0));
    }

    @Test
    void shouldAddOnlyTheJobThatFailedWhenAFailedBatchIsBisected() {
        // Given a batch of changes for jobs A and B whose write for B failed after A's was added
        List<SequencedDelta> forA = List.of(restored("31"), restored("33"));
        List<SequencedDelta> forB = List.of(failed("32"), restored("34"));
        tally.add(A, "shard-1", forA);

        // When the event source bisects it: changes 31-32, then 33-34
        int aFirst = tally.add(A, "shard-1", forA.subList(0, 1));
        int bFirst = tally.add(B, "shard-1", forB.subList(0, 1));
        int aSecond = tally.add(A, "shard-1", forA.subList(1, 2));
        int bSecond = tally.add(B, "shard-1", forB.subList(1, 2));

        // Then A adds nothing more, B exactly its deltas
        assertThat(List.of(aFirst, aSecond)).containsOnly(0);
        assertThat(List.of(bFirst, bSecond)).containsOnly(1);
        assertThat(counts(A)).isEqualTo(new JobCounts(2, 0, 0));
        assertThat(counts(B)).isEqualTo(new JobCounts(1, 1, 0));
    }

    @Test
    void shouldAddOnlyTheLaterDeltasOfABatchThatOverlapsTheLastAdded() {
        // Given changes up to 42 added
        tally.add(A, "shard-1", List.of(restored("41"), restored("42")));

        // When a batch from 41 to 45 comes (a retry with more records behind it)
        int added = tally.add(A, "shard-1", List.of(restored("41"), restored("42"), failed("43"), restored("45")));

        assertThat(added).isEqualTo(2);
        assertThat(counts(A)).isEqualTo(new JobCounts(3, 1, 0));
    }

    @Test
    void shouldKeepASeparateGuardPerShard() {
        tally.add(A, "shard-1", List.of(restored("500")));

        // a change of another shard with a smaller sequence number is a different change
        int otherShard = tally.add(A, "shard-2", List.of(restored("7")));
        int sameShard = tally.add(A, "shard-1", List.of(restored("7")));

        assertThat(otherShard).isEqualTo(1);
        assertThat(sameShard).isZero();
        assertThat(counts(A)).isEqualTo(new JobCounts(2, 0, 0));
    }

    @Test
    void shouldCompareSequenceNumbersOfDifferentLengthsAsNumbers() {
        // "99" < "100" as numbers but not as strings; DynamoDB Local's are 21 digits, AWS's up to 40
        tally.add(A, "shard-1", List.of(restored("99")));
        int hundred = tally.add(A, "shard-1", List.of(restored("100")));
        String local = "000000000000000000123"; // 21 digits
        String aws = "4000000000000000000000000000000000000001"; // 40 digits
        tally.add(B, "shard-1", List.of(restored(local)));
        int longer = tally.add(B, "shard-1", List.of(restored(aws)));
        int shorterAfterLonger = tally.add(B, "shard-1", List.of(restored("999999999999999999999")));

        assertThat(hundred).isEqualTo(1);
        assertThat(longer).isEqualTo(1);
        assertThat(shorterAfterLonger).isZero();
        assertThat(counts(A)).isEqualTo(new JobCounts(2, 0, 0));
        assertThat(counts(B)).isEqualTo(new JobCounts(2, 0, 0));
    }

    @Test
    void shouldGiveTheJobStoreTheSumOfTheDeltasOfEveryShard() {
        // Given deltas of two shards, one moving an object from failed to restored
        tally.add(A, "shard-1", List.of(registered("1"), registered("2"), failed("3"),
                new SequencedDelta("4", new CountDelta(0, 0, 0, 1))));
        tally.add(A, "shard-2", List.of(restored("1"), new SequencedDelta("2", new CountDelta(0, 1, -1, 0))));

        assertThat(counts(A)).isEqualTo(new JobCounts(2, 0, 1));
        assertThat(read.counts(A)).isEqualTo(counts(A));
        assertThat(read.registered(A)).isEqualTo(2);
        assertThat(counts(B)).isEqualTo(JobCounts.NONE);
    }
}
