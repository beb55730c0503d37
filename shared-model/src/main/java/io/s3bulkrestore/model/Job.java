package io.s3bulkrestore.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A restore job as recorded in the job store.
 *
 * @param idempotencyKey  the client's Idempotency-Key, when it sent one
 * @param batchJobId      the S3 Batch Operations job id, once created
 * @param batchStatus     the last Batch Operations status seen (for example "Active", "Complete")
 * @param failureReason   why the job failed, in words for the user
 * @param totalObjects    distinct objects in the manifest, once ingestion has finished
 * @param counts          restored / failed objects so far (sum of the counter shards)
 * @param reportUri       the results report, once the job has finished
 */
public record Job(
        JobId id,
        JobStatus status,
        CreateJobRequest request,
        ManifestLocation manifest,
        Instant createdAt,
        Instant deadline,
        String idempotencyKey,
        String batchJobId,
        String batchStatus,
        String failureReason,
        boolean cancelRequested,
        Long totalObjects,
        JobCounts counts,
        String reportUri) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deadline, "deadline");
        counts = counts == null ? JobCounts.NONE : counts;
    }

    /** A job just accepted: recorded, its Batch Operations job not yet created. */
    public static Job submitting(JobId id, CreateJobRequest request, ManifestLocation manifest, Instant createdAt,
                                 Instant deadline, String idempotencyKey) {
        return new Job(id, JobStatus.SUBMITTING, request, manifest, createdAt, deadline, idempotencyKey,
                null, null, null, false, null, JobCounts.NONE, null);
    }

    public Optional<String> batchJob() {
        return Optional.ofNullable(batchJobId);
    }

    public Optional<Long> total() {
        return Optional.ofNullable(totalObjects);
    }

    public Job withStatus(JobStatus newStatus) {
        return new Job(id, newStatus, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, failureReason, cancelRequested, totalObjects, counts, reportUri);
    }

    public Job submitted(String newBatchJobId) {
        return new Job(id, JobStatus.RESTORING, request, manifest, createdAt, deadline, idempotencyKey,
                newBatchJobId, batchStatus, failureReason, cancelRequested, totalObjects, counts, reportUri);
    }

    public Job failed(String reason) {
        return new Job(id, JobStatus.FAILED, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, reason, cancelRequested, totalObjects, counts, reportUri);
    }

    public Job cancelRequestedNow() {
        return new Job(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, failureReason, true, totalObjects, counts, reportUri);
    }

    /**
     * Percent of objects finished (restored or failed), rounded down, or empty while the total is not
     * known yet. A job of zero objects is 100 % done.
     */
    public Optional<Integer> progressPercent() {
        if (totalObjects == null) {
            return Optional.empty();
        }
        if (totalObjects == 0) {
            return Optional.of(100);
        }
        long done = Math.min(counts.finished(), totalObjects);
        return Optional.of((int) (done * 100 / totalObjects));
    }
}
