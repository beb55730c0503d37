package io.s3bulkrestore.model;

import java.time.Instant;
import java.util.List;
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
 * @param chunkCount      how many ingest chunks (CSV byte ranges or inventory data files) the manifest was
 *                        queued as, once submitted
 * @param invalidLines    manifest lines that name no object, in the chunks ingested so far (final once
 *                        {@code totalObjects} is known)
 * @param invalidLineSamples the first few invalid lines as "line N: reason", N counted in the whole manifest
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
        String reportUri,
        Integer chunkCount,
        Long invalidLines,
        List<String> invalidLineSamples) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deadline, "deadline");
        counts = counts == null ? JobCounts.NONE : counts;
        invalidLineSamples = invalidLineSamples == null ? List.of() : List.copyOf(invalidLineSamples);
    }

    /** A job before ingestion is planned (no chunk count, nothing known about invalid lines). */
    public Job(JobId id, JobStatus status, CreateJobRequest request, ManifestLocation manifest, Instant createdAt,
               Instant deadline, String idempotencyKey, String batchJobId, String batchStatus, String failureReason,
               boolean cancelRequested, Long totalObjects, JobCounts counts, String reportUri) {
        this(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobId, batchStatus,
                failureReason, cancelRequested, totalObjects, counts, reportUri, null, null, List.of());
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
                batchStatus, failureReason, cancelRequested, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples);
    }

    /** RESTORING with its batch job, its manifest queued for ingestion as {@code chunks} chunks. */
    public Job submitted(String newBatchJobId, int chunks) {
        return new Job(id, JobStatus.RESTORING, request, manifest, createdAt, deadline, idempotencyKey,
                newBatchJobId, batchStatus, failureReason, cancelRequested, totalObjects, counts, reportUri, chunks,
                invalidLines, invalidLineSamples);
    }

    /** The job with what its chunk summaries say (total objects, invalid lines). */
    public Job withIngestion(Long total, Long invalid, List<String> samples) {
        return new Job(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, failureReason, cancelRequested, total, counts, reportUri, chunkCount, invalid, samples);
    }

    public Job failed(String reason) {
        return new Job(id, JobStatus.FAILED, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, reason, cancelRequested, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples);
    }

    public Job cancelRequestedNow() {
        return new Job(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, failureReason, true, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples);
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
