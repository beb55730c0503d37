package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Phase: finishes the submission of a job that has been SUBMITTING for longer than the API could have been working
 * on it (its function died, or queueing its chunks failed). A manifest that can no longer be read, or a batch job
 * Batch Operations rejects, fails the job with the reason, through the same ending as any other job.
 */
final class ResumeSubmission {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeSubmission.class);

    /**
     * How long the monitor keeps retrying the submission of a job left SUBMITTING when AWS calls fail (an outage,
     * or a CreateJob that Batch Operations keeps refusing) before it fails the job with the last error.
     */
    static final Duration GIVE_UP = Duration.ofHours(1);

    private final MonitoredJobStore jobs;
    private final SubmitJob submitJob;
    private final Duration submitGrace;

    ResumeSubmission(MonitoredJobStore jobs, SubmitJob submitJob, Duration submitGrace) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.submitJob = Objects.requireNonNull(submitJob, "submitJob");
        this.submitGrace = Objects.requireNonNull(submitGrace, "submitGrace");
    }

    /** A job still SUBMITTING whose ending is neither asked for nor decided. */
    static boolean applies(Job job, MonitorState state) {
        return job.status() == JobStatus.SUBMITTING && state.failureRequested().isEmpty()
                && state.decidedTerminal().isEmpty();
    }

    void resume(Job job, Instant now) {
        if (now.isBefore(job.createdAt().plus(submitGrace))) {
            return; // the API may still be submitting it
        }
        try {
            Job submitted = submitJob.resume(job);
            LOG.info("Job {} was left SUBMITTING; its submission is finished: batch job {}", job.id(),
                    submitted.batchJobId());
        } catch (ServiceException e) {
            boolean givingUp = now.isAfter(job.createdAt().plus(GIVE_UP));
            if (e.code() == ErrorCode.UPSTREAM_FAILED && !givingUp) {
                throw e; // retried next tick
            }
            LOG.warn("Job {} was left SUBMITTING and cannot be submitted: {}", job.id(), e.getMessage());
            jobs.requestFailure(job.id(), "the job could not be submitted: " + e.getMessage());
        }
    }
}
