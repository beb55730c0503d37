package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Jobs for the job store tests. */
final class SampleJobs {

    /** Relative to now: DynamoDB Local acts on the real clock (TTL deletes), so no calendar date. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    private SampleJobs() {
    }

    static CreateJobRequest glacierRequest(String clientTag) {
        return new CreateJobRequest("archive-bucket", "manifests/batch 1.csv", RestoreTier.BULK, 7,
                StorageFamily.GLACIER, ManifestFormat.CSV, clientTag);
    }

    /** A job just accepted, created {@code secondsAfterT0} after {@link #T0}. */
    static Job submitting(String id, long secondsAfterT0, String idempotencyKey) {
        CreateJobRequest request = glacierRequest("tag-" + id);
        Instant created = T0.plusSeconds(secondsAfterT0);
        return Job.submitting(new JobId(id), request, manifestOf(request), created, created.plus(Duration.ofHours(48)),
                idempotencyKey);
    }

    /** A job with every optional field set, including a client tag outside ASCII and a sub-second instant. */
    static Job withEveryField(String id) {
        CreateJobRequest request = glacierRequest("équipe-北京-🚀 \"quoted\"");
        return new Job(new JobId(id), JobStatus.RESTORING, request,
                new ManifestLocation("archive-bucket", "manifests/batch 1.csv", "\"9b2cf535f27731c974343645a3985328\"",
                        123_456_789_012L),
                T0.plusNanos(120_000_001), T0.plus(Duration.ofHours(48)), "key-Ω-1", "batch-1234", "Active",
                "an earlier attempt failed", true, 10_000_000L, new JobCounts(0, 0), "s3://reports/job.csv");
    }

    /** A job with no optional field: Intelligent-Tiering takes no expiration days, no tag, no key. */
    static Job withoutOptionals(String id) {
        CreateJobRequest request = new CreateJobRequest("it-bucket", "m.json", RestoreTier.STANDARD, null,
                StorageFamily.INTELLIGENT_TIERING, ManifestFormat.INVENTORY, null);
        return Job.submitting(new JobId(id), request, new ManifestLocation("it-bucket", "m.json", "etag", 0), T0,
                T0.plus(Duration.ofHours(12)), null);
    }

    static ManifestLocation manifestOf(CreateJobRequest request) {
        return new ManifestLocation(request.manifestBucket(), request.manifestKey(), "\"etag-1\"", 2048);
    }
}
