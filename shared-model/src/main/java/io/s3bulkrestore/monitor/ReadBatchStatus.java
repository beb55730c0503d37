package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Phase: what Batch Operations says of the job's batch job (or group), asked only until it is seen terminal, and
 * recorded on the job with the moment it was first seen terminal (the stall threshold counts from then).
 */
final class ReadBatchStatus {

    /**
     * The batch job as the tick sees it.
     *
     * @param status         Batch Operations' status
     * @param failureReasons its reasons, once it failed
     * @param finishedAt     when the monitor first saw it terminal
     * @param described      what DescribeJob answered this tick; empty when it was terminal already and not asked
     */
    record Seen(BatchStatus status, List<String> failureReasons, Optional<Instant> finishedAt,
                Optional<BatchJobState> described) {

        boolean isTerminal() {
            return status.isTerminal();
        }

        /** It failed or was cancelled: it ended without initiating every restore. */
        boolean stopped() {
            return status.stoppedEarly();
        }
    }

    private final MonitoredJobStore jobs;
    private final BatchOperations batch;

    ReadBatchStatus(MonitoredJobStore jobs, BatchOperations batch) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /** The status last recorded if it was terminal; otherwise DescribeJob's answer, recorded. */
    Seen read(Job job, MonitorState state, Instant now) {
        BatchStatus recorded = job.batchStatus() == null ? BatchStatus.UNKNOWN : BatchStatus.of(job.batchStatus());
        if (recorded.isTerminal()) {
            return new Seen(recorded, state.batchFailureReasons(), state.batchFinishedAt(), Optional.empty());
        }
        BatchJobState described = batch.describe(job.batchJobId());
        jobs.recordBatchState(job.id(), described, now);
        Optional<Instant> finishedAt = described.isTerminal() && state.batchFinishedAt().isEmpty()
                ? Optional.of(now) : state.batchFinishedAt();
        return new Seen(described.status(), described.failureReasons(), finishedAt, Optional.of(described));
    }
}
