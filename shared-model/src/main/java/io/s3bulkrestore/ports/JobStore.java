package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.Quote;

import java.time.Instant;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;

import java.util.List;
import java.util.Optional;

/** Where jobs are recorded. Every write is conditional; none can lose another's update. */
public interface JobStore {

    /**
     * Records a new job. When the job carries an idempotency key, the key is claimed in the same atomic
     * write; if it was claimed before, nothing is written and the job that holds it is returned.
     */
    CreateOutcome create(Job job);

    sealed interface CreateOutcome {
        record Created(Job job) implements CreateOutcome {
        }

        record KeyAlreadyUsed(Job existing) implements CreateOutcome {
        }
    }

    /**
     * The job with its current counts, read consistently, and what its chunk summaries say so far: the total
     * objects once all {@code chunkCount} chunks are summarized, invalid lines and their samples
     * (see {@link io.s3bulkrestore.ingest.IngestProgress}).
     */
    Optional<Job> find(JobId id);

    /**
     * Jobs newest first, optionally only those in one status.
     *
     * @throws io.s3bulkrestore.model.ServiceException VALIDATION_FAILED naming {@code page_token} when the
     *         token is not one this store issued
     */
    JobPage list(Optional<JobStatus> status, Optional<String> pageToken, int limit);

    record JobPage(List<Job> jobs, Optional<String> nextPageToken) {
    }

    /**
     * SUBMITTING -> RESTORING with the Batch Operations job id and the number of ingest chunks its manifest
     * was queued as. Idempotent for the same batch job id.
     */
    Job recordSubmitted(JobId id, String batchJobId, int chunkCount);

    /**
     * Moves a job that is still SUBMITTING (its Batch Operations job could not be created, so nothing was
     * started and the client is told at once) to FAILED with a reason for the user.
     */
    Job recordFailed(JobId id, String reason);

    /**
     * Asks for a submitted job to fail, with a reason for the user, unless it is terminal or a failure was
     * asked for before (the first reason stays). The monitor then cancels its batch job and finishes it Failed,
     * with its notification and report, like any other ending.
     */
    void requestFailure(JobId id, String reason);

    /**
     * The chunks of a submitted job's manifest that have no summary yet (not ingested: in flight, or in the
     * ingest DLQ), in chunk order; empty when every chunk is summarized or the job is not submitted.
     */
    List<Long> chunksWithoutSummary(JobId id);

    /**
     * Records the Batch Operations jobs that count a waiting job's objects (comma-separated, see
     * {@link io.s3bulkrestore.jobs.BatchJobIds}). Idempotent for the same ids; returns the job as it is when it no
     * longer waits.
     */
    Job recordSourceJobs(JobId id, String batchJobIds);

    /**
     * Records the quote of a job that waits for confirmation, and where the objects it counted are listed.
     * The first quote stays: a second call returns the job with it.
     */
    Job recordQuote(JobId id, Quote quote, ManifestLocation listed);

    /**
     * Notes that the user confirmed a waiting job's quote, unless the monitor has decided how it ends; returns the
     * job as it is (not confirmed) when it no longer waits or its ending is decided.
     */
    Job recordConfirmRequested(JobId id);

    /**
     * AWAITING_CONFIRMATION -> RESTORING: its batch jobs are confirmed and its objects queued as {@code chunkCount}
     * ingest chunks; its deadline counts from now. Idempotent for the same batch job ids.
     */
    Job recordStarted(JobId id, String batchJobIds, int chunkCount, Instant deadline);

    /** Notes that the user asked to cancel; the monitor finishes the job once the batch job stops. */
    Job recordCancelRequested(JobId id);
}
