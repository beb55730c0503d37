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
    void shouldMapASourceJobWithItsQuoteAndConfirmationToAnItemAndBack() {
        var source = new io.s3bulkrestore.model.RestoreSource("archive-1", "logs/2019/", ".parquet", "raw",
                Instant.parse("2019-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00.5Z"), 0L, 5_000_000_000L,
                List.of(io.s3bulkrestore.model.SourceStorageClass.DEEP_ARCHIVE,
                        io.s3bulkrestore.model.SourceStorageClass.INTELLIGENT_TIERING));
        var request = io.s3bulkrestore.model.CreateJobRequest.ofSource(source, io.s3bulkrestore.model.RestoreTier.BULK,
                3, "tag", io.s3bulkrestore.model.ConfirmMode.MANUAL);
        var created = Instant.parse("2026-11-02T09:15:00Z");
        var quote = new io.s3bulkrestore.model.Quote(12, 3_000, false, "estimated: a sample", List.of(
                new io.s3bulkrestore.model.Quote.ClassQuote(io.s3bulkrestore.model.SourceStorageClass.DEEP_ARCHIVE,
                        "b-1", 10, 2_500, false, new java.math.BigDecimal("0.0010"), new java.math.BigDecimal("0.0000"),
                        java.time.Duration.ofHours(48)),
                new io.s3bulkrestore.model.Quote.ClassQuote(
                        io.s3bulkrestore.model.SourceStorageClass.INTELLIGENT_TIERING, "b-2", 2, 500, true,
                        new java.math.BigDecimal("0"), new java.math.BigDecimal("0"), java.time.Duration.ofHours(48))),
                new java.math.BigDecimal("0.5000"), new java.math.BigDecimal("0.0001"),
                new java.math.BigDecimal("0.5011"), "prices", created, created.plus(java.time.Duration.ofDays(7)));
        Job waiting = Job.awaitingConfirmation(new io.s3bulkrestore.model.JobId("job-src"), request,
                new io.s3bulkrestore.model.ManifestLocation("reports", "batch-reports/job-src/objects/manifest.json", "",
                        0), created, created.plus(java.time.Duration.ofDays(8)), "key-1");
        Job quoted = waiting.withBatchJobs("b-1,b-2").withQuote(quote, new io.s3bulkrestore.model.ManifestLocation(
                "reports", "batch-reports/job-src/objects/manifest.json", "\"etag\"", 321)).confirmRequestedNow();

        for (Job job : List.of(waiting, quoted)) {
            assertThat(JobItem.toJob(JobItem.toItem(job), job.counts())).isEqualTo(job);
        }
        assertThat(JobItem.toItem(waiting)).doesNotContainKeys("requestBucket", "requestKey", "quote",
                "confirmRequested");
    }

    @Test
    void shouldMapAJobsCopyOptionToAnItemAndBackWithAndWithoutItsOptionalFields() {
        Job base = SampleJobs.withoutOptionals("job-copy");
        var everything = new io.s3bulkrestore.model.CopySpec("vault-1",
                io.s3bulkrestore.model.DestinationKeys.of("logs/", "kept/logs/"),
                io.s3bulkrestore.model.TargetStorageClass.GLACIER_IR, false, "alias/restores");
        var defaults = new io.s3bulkrestore.model.CopySpec(null, io.s3bulkrestore.model.DestinationKeys.sameKey(),
                io.s3bulkrestore.model.TargetStorageClass.STANDARD, true, null);
        for (var copy : List.of(everything, defaults)) {
            Job job = new Job(base.id(), base.status(), base.request().withCopy(copy), base.manifest(),
                    base.createdAt(), base.deadline(), base.idempotencyKey(), base.batchJobId(), base.batchStatus(),
                    base.failureReason(), base.cancelRequested(), base.totalObjects(), base.counts(), base.reportUri());

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
}
