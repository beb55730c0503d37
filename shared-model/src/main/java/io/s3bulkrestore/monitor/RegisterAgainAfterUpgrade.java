package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.stream.LongStream;

/**
 * Phase: a job that was running when the stack was upgraded from tracking version 1 ({@link ActiveJob#recorded()}
 * false): its memberships stayed in the old objects table, so its objects are registered again in this version's
 * records, by ingesting every chunk of its manifest anew. Its chunk summaries are forgotten first, so that nothing
 * ends the job until every chunk is ingested again (as for any job whose ingest is not complete); restores that
 * completed before the upgrade are found by reconciliation, as restores whose events were lost. A job whose ending
 * was decided already keeps it, and its report lists what is registered again by the time it is written. Each step
 * may be repeated.
 */
final class RegisterAgainAfterUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterAgainAfterUpgrade.class);

    private final MonitoredJobStore jobs;
    private final SubmitJob submitJob;

    RegisterAgainAfterUpgrade(MonitoredJobStore jobs, SubmitJob submitJob) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.submitJob = Objects.requireNonNull(submitJob, "submitJob");
    }

    void registerAgain(Job job, MonitorState state) {
        if (job.chunkCount() != null && state.decidedTerminal().isEmpty() && state.notifiedTerminal().isEmpty()) {
            jobs.forgetChunkSummaries(job.id());
            List<Long> every = LongStream.range(0, job.chunkCount()).boxed().toList();
            try {
                submitJob.redriveIngest(job, every);
            } catch (ServiceException e) {
                jobs.requestFailure(job.id(), "its objects could not be registered again after the upgrade of the "
                        + "stack: " + e.getMessage());
            }
        }
        jobs.recordRecorded(job.id());
        LOG.info("Job {} was running when the stack was upgraded: its objects are registered again", job.id());
    }
}
