package io.s3bulkrestore.jobs;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.JobStore;

/**
 * Stops a job's Batch Operations job from initiating more restores, in any status that is not terminal.
 * Restores already initiated still complete; the monitor sends Cancelled once the batch job has stopped and
 * the manifest is wholly ingested (so that the report lists every line). A job still SUBMITTING is only marked:
 * the monitor, which finishes its submission, then cancels its batch job.
 */
public final class CancelJob {

    private final JobLookup lookup;
    private final JobStore jobs;
    private final BatchOperations batch;

    public CancelJob(JobStore jobs, BatchOperations batch) {
        this.lookup = new JobLookup(jobs);
        this.jobs = jobs;
        this.batch = batch;
    }

    public Job cancel(String jobId) {
        Job job = lookup.get(jobId);
        if (job.status().isTerminal()) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId + " has already finished with status "
                    + job.status().displayName());
        }
        if (job.batchJob().isEmpty()) {
            return jobs.recordCancelRequested(job.id()); // the monitor cancels the batch job once it exists
        }
        if (batch.cancel(job.batchJobId()) == BatchOperations.CancelOutcome.ALREADY_FINISHED) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "the Batch Operations job of " + jobId
                    + " has already initiated every restore; there is nothing left to cancel");
        }
        return jobs.recordCancelRequested(job.id());
    }
}
