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
 * @param quote           what the job will restore and cost, once counted (a job that waits for confirmation)
 * @param confirmRequested whether the user confirmed the quote (the job then starts, by the API or the monitor)
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
        List<String> invalidLineSamples,
        Quote quote,
        boolean confirmRequested) {

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
                failureReason, cancelRequested, totalObjects, counts, reportUri, null, null, List.of(), null, false);
    }

    /** A job just accepted: recorded, its Batch Operations job not yet created. */
    public static Job submitting(JobId id, CreateJobRequest request, ManifestLocation manifest, Instant createdAt,
                                 Instant deadline, String idempotencyKey) {
        return new Job(id, JobStatus.SUBMITTING, request, manifest, createdAt, deadline, idempotencyKey,
                null, null, null, false, null, JobCounts.NONE, null);
    }

    /**
     * A job that waits for its quote to be confirmed: recorded, Batch Operations not yet asked to count its
     * objects. Its manifest is where the objects Batch Operations selects will be listed, once they are; its
     * deadline is the quote's expiry until it starts.
     */
    public static Job awaitingConfirmation(JobId id, CreateJobRequest request, ManifestLocation plannedManifest,
                                           Instant createdAt, Instant quoteDeadline, String idempotencyKey) {
        return new Job(id, JobStatus.AWAITING_CONFIRMATION, request, plannedManifest, createdAt, quoteDeadline,
                idempotencyKey, null, null, null, false, null, JobCounts.NONE, null, null, null, List.of(), null,
                false);
    }

    /** The job with its quote, and where the objects it counted are listed. */
    public Job withQuote(Quote newQuote, ManifestLocation listed) {
        return new Job(id, status, request, listed, createdAt, deadline, idempotencyKey, batchJobId, batchStatus,
                failureReason, cancelRequested, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples, newQuote, confirmRequested);
    }

    /** The job with the Batch Operations jobs that count (and will restore) its objects. */
    public Job withBatchJobs(String batchJobIds) {
        return new Job(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobIds, batchStatus,
                failureReason, cancelRequested, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples, quote, confirmRequested);
    }

    public Job confirmRequestedNow() {
        return new Job(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobId, batchStatus,
                failureReason, cancelRequested, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples, quote, true);
    }

    /** RESTORING with its batch jobs and a deadline counted from now, its objects queued as {@code chunks} chunks. */
    public Job started(String newBatchJobIds, int chunks, Instant newDeadline) {
        return new Job(id, JobStatus.RESTORING, request, manifest, createdAt, newDeadline, idempotencyKey,
                newBatchJobIds, batchStatus, failureReason, cancelRequested, totalObjects, counts, reportUri, chunks,
                invalidLines, invalidLineSamples, quote, confirmRequested);
    }

    public Optional<Quote> quoteValue() {
        return Optional.ofNullable(quote);
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
                invalidLineSamples, quote, confirmRequested);
    }

    /** RESTORING with its batch job, its manifest queued for ingestion as {@code chunks} chunks. */
    public Job submitted(String newBatchJobId, int chunks) {
        return new Job(id, JobStatus.RESTORING, request, manifest, createdAt, deadline, idempotencyKey,
                newBatchJobId, batchStatus, failureReason, cancelRequested, totalObjects, counts, reportUri, chunks,
                invalidLines, invalidLineSamples, quote,
                confirmRequested);
    }

    /** The job with what its chunk summaries say (total objects, invalid lines). */
    public Job withIngestion(Long total, Long invalid, List<String> samples) {
        return new Job(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, failureReason, cancelRequested, total, counts, reportUri, chunkCount, invalid, samples, quote,
                confirmRequested);
    }

    public Job failed(String reason) {
        return new Job(id, JobStatus.FAILED, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, reason, cancelRequested, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples, quote, confirmRequested);
    }

    public Job cancelRequestedNow() {
        return new Job(id, status, request, manifest, createdAt, deadline, idempotencyKey, batchJobId,
                batchStatus, failureReason, true, totalObjects, counts, reportUri, chunkCount, invalidLines,
                invalidLineSamples, quote, confirmRequested);
    }

    /**
     * Percent of objects finished (restored or failed; in a job that copies, restored and copied or its copy
     * failed), rounded down, or empty while the total is not
     * known yet. A job of zero objects is 100 % done.
     */
    public Optional<Integer> progressPercent() {
        if (totalObjects == null) {
            return Optional.empty();
        }
        if (totalObjects == 0) {
            return Optional.of(100);
        }
        long done = Math.min(counts.finished(request.copyValue().isPresent()), totalObjects);
        return Optional.of((int) (done * 100 / totalObjects));
    }
}
