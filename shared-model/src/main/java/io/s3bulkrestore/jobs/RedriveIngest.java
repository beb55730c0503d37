package io.s3bulkrestore.jobs;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.JobStore;

import java.util.List;
import java.util.Objects;

/**
 * Queues again the manifest chunks of a job that were never ingested ({@code POST /jobs/{id}/redrive}): a chunk
 * whose task failed {@code maxReceiveCount} times sits in the ingest DLQ, and until it is ingested the job's
 * total is unknown and the job cannot end before its deadline. The chunks are planned again from the job's
 * manifest, so the DLQ's messages are not needed (purge them once the job is fine). Safe to repeat.
 */
public final class RedriveIngest {

    private final JobLookup lookup;
    private final JobStore jobs;
    private final SubmitJob submitJob;

    public RedriveIngest(JobStore jobs, SubmitJob submitJob) {
        this.lookup = new JobLookup(jobs);
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.submitJob = Objects.requireNonNull(submitJob, "submitJob");
    }

    /** What the redrive did. */
    public record Redriven(Job job, List<Long> chunks) {
    }

    public Redriven redrive(String jobId) {
        Job job = lookup.get(jobId);
        if (job.status().isTerminal()) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId + " has already finished with status "
                    + job.status().displayName() + "; create a new job to restore its objects");
        }
        if (job.batchJob().isEmpty()) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId + " is still being submitted; its"
                    + " chunks are queued once it is, so there is nothing to redrive yet");
        }
        List<Long> missing = jobs.chunksWithoutSummary(job.id());
        if (!missing.isEmpty()) {
            submitJob.redriveIngest(job, missing);
        }
        return new Redriven(job, missing);
    }
}
