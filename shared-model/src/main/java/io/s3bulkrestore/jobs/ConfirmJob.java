package io.s3bulkrestore.jobs;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The user accepts a waiting job's quote: the confirmation is recorded first, then the job is started
 * ({@link SourceJobs#start}). If starting fails on the way (an AWS call), the job stays confirmed and the monitor
 * starts it. Confirming a job that already started answers the job as it is, so a retried confirm is harmless.
 * A job that copies is refused (400, {@code expiration_days}) if its quote's objects cannot be copied before their
 * restored copies expire; it keeps waiting, to be cancelled and created again.
 */
public final class ConfirmJob {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmJob.class);

    private final JobLookup lookup;
    private final JobStore jobs;
    private final SourceJobs sourceJobs;
    private final java.time.Clock clock;

    public ConfirmJob(JobStore jobs, SourceJobs sourceJobs, java.time.Clock clock) {
        this.lookup = new JobLookup(jobs);
        this.jobs = jobs;
        this.sourceJobs = sourceJobs;
        this.clock = clock;
    }

    public Job confirm(String jobId) {
        Job job = lookup.get(jobId);
        if (job.status().isTerminal()) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId + " has already finished with status "
                    + job.status().displayName() + (job.failureReason() == null ? "" : ": " + job.failureReason()));
        }
        if (job.status() != JobStatus.AWAITING_CONFIRMATION) {
            if (!job.confirmRequested() && job.request().sourceValue().isEmpty()) {
                throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId
                        + " does not wait for confirmation: it started when it was created");
            }
            return job; // confirmed and started before: a retry
        }
        if (job.cancelRequested()) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId + " is being cancelled");
        }
        if (job.quote() == null) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId + " has no quote yet: S3 Batch"
                    + " Operations is still counting its objects; confirm it once GET /jobs/" + jobId
                    + " shows Quote.Ready true");
        }
        if (job.quote().expiresAt().isBefore(clock.instant())) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "the quote of job " + jobId + " expired at "
                    + job.quote().expiresAt() + "; the job is being cancelled: create it again for a new quote");
        }
        // The quote counted the objects: the copy time a CSV manifest's size could only estimate at create time, and
        // an inventory manifest's or a source's could not, is checked now, before anything is spent.
        sourceJobs.policy().checkCopyTime(job.request(), job.quote().objects(), String.format(Locale.ROOT,
                "the quote's %,d objects", job.quote().objects()), "cancel this job and create it again with");
        job = jobs.recordConfirmRequested(job.id());
        if (!job.confirmRequested()) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + jobId + " is ending"
                    + (job.status().isTerminal() ? " (" + job.status().displayName() + ")" : "")
                    + " and can no longer be confirmed");
        }
        try {
            return sourceJobs.start(job);
        } catch (ServiceException e) {
            if (e.code() != ErrorCode.UPSTREAM_FAILED) {
                throw e;
            }
            LOG.warn("job {} is confirmed but could not be started now; the monitor starts it: {}", jobId,
                    e.getMessage());
            return job;
        }
    }
}
