package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobStatus;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobItemTest {

    @Test
    void shouldMapEveryFieldToAnItemAndBack() {
        for (Job job : List.of(SampleJobs.withEveryField("job-full"), SampleJobs.withoutOptionals("job-bare"))) {
            assertThat(JobItem.toJob(JobItem.toItem(job), job.counts())).isEqualTo(job);
        }
    }

    @Test
    void shouldTakeCountsFromTheShardsNotTheItem() {
        Job job = SampleJobs.withEveryField("job-full");

        Job read = JobItem.toJob(JobItem.toItem(job), new JobCounts(5, 1));

        assertThat(read.counts()).isEqualTo(new JobCounts(5, 1));
        assertThat(JobItem.toItem(job)).doesNotContainKeys("restored", "failed", "counts");
    }

    @Test
    void shouldWriteCreationKeysThatSortAsTextInTimeOrder() {
        // Given instants whose ISO-8601 default forms would not sort as text (".5Z" < "Z")
        List<Instant> instants = List.of(
                Instant.parse("2026-11-02T09:15:00Z"),
                Instant.parse("2026-11-02T09:15:00.5Z"),
                Instant.parse("2026-11-02T09:15:00.000000001Z"),
                Instant.parse("2026-11-02T09:15:01Z"),
                Instant.parse("2025-12-31T23:59:59.999999999Z"));

        List<String> asText = instants.stream().map(JobItem::instant).sorted().toList();
        List<String> inTimeOrder = instants.stream().sorted(Comparator.naturalOrder()).map(JobItem::instant).toList();

        assertThat(asText).isEqualTo(inTimeOrder);
        assertThat(instants).allSatisfy(i -> assertThat(JobItem.parseInstant(JobItem.instant(i))).isEqualTo(i));
    }

    @Test
    void shouldPutOnlyJobsThatAreNotTerminalInTheActiveIndex() {
        Job submitting = SampleJobs.submitting("job-1", 0, null);

        Map<String, AttributeValue> active = JobItem.toItem(submitting);
        Map<String, AttributeValue> done = JobItem.toItem(submitting.withStatus(JobStatus.COMPLETE));

        assertThat(active).containsEntry("activePk", AttributeValue.fromS("ACTIVE"));
        assertThat(done).doesNotContainKey("activePk").containsEntry("status", AttributeValue.fromS("COMPLETE"));
    }

    @Test
    void shouldTreatAShardWithoutACounterAsZeroAndSumShardsBeforeTheyAreCounts() {
        var sums = new JobItem.CounterSums();
        sums.add(Map.of("restored", AttributeValue.fromN("3")));
        sums.add(Map.of("restored", AttributeValue.fromN("1"), "failed", AttributeValue.fromN("-1"))); // a credited failure
        sums.add(Map.of("failed", AttributeValue.fromN("2"), "skipped", AttributeValue.fromN("4")));

        assertThat(sums.counts()).isEqualTo(new JobCounts(4, 1, 4));
    }
}
