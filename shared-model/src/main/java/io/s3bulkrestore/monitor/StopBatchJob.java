package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Phase: stops a job's batch jobs from initiating more restores when the job is not to run on: the user asked to
 * cancel, a worker asked the job to fail, or a job that waited for confirmation ends unstarted. Asking twice is
 * harmless, so each tick may ask again until Batch Operations says the batch job stopped.
 */
final class StopBatchJob {

    private static final Logger LOG = LoggerFactory.getLogger(StopBatchJob.class);

    private final BatchOperations batch;

    StopBatchJob(BatchOperations batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /**
     * The user asked to cancel (possibly before the batch job existed), or a worker asked the job to fail: cancel
     * the batch job while it runs.
     */
    void ifAsked(Job job, MonitorState state, ReadBatchStatus.Seen batchJob) {
        boolean mustStop = job.cancelRequested() || state.failureRequested().isPresent();
        if (mustStop && !batchJob.isTerminal() && batchJob.status() != BatchStatus.CANCELLING) {
            if (batch.cancel(job.batchJobId()) == BatchOperations.CancelOutcome.CANCELLING) {
                LOG.info("Job {}: its batch job {} is being cancelled", job.id(), job.batchJobId());
            }
        }
    }

    /**
     * A job that waited for confirmation and whose unstarted ending is decided but not yet published: its batch
     * jobs (counting, or waiting for confirmation) stop.
     */
    void ofUnstartedEnding(Job job, MonitorState state) {
        if (job.status() == JobStatus.AWAITING_CONFIRMATION && job.batchJobId() != null
                && state.notifiedTerminal().isEmpty()) {
            batch.cancel(job.batchJobId());
        }
    }
}
