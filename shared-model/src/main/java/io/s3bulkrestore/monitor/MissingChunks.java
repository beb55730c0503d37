package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * What a job whose manifest was not wholly ingested by its deadline is missing, in words the user can act on: the
 * chunks without a summary, and where they lie in the manifest. {@link DecideNotification#ingestIncomplete} makes it
 * the job's reason.
 */
final class MissingChunks {

    private static final Logger LOG = LoggerFactory.getLogger(MissingChunks.class);

    private final MonitoredJobStore jobs;
    private final SubmitJob submitJob;

    MissingChunks(MonitoredJobStore jobs, SubmitJob submitJob) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.submitJob = Objects.requireNonNull(submitJob, "submitJob");
    }

    String describe(Job job) {
        List<Long> missing = jobs.chunksWithoutSummary(job.id());
        return missing.isEmpty() ? "its chunks were never queued"
                : "chunk(s) " + missing.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElseThrow()
                + " of " + job.chunkCount() + " (numbered from 0; see the ingest DLQ) were never ingested: "
                + whereInManifest(job, missing);
    }

    /** Where the chunks lie in the manifest; if that cannot be read any more, their numbers must do. */
    private String whereInManifest(Job job, List<Long> chunks) {
        try {
            return submitJob.describeChunks(job, chunks);
        } catch (RuntimeException e) {
            LOG.warn("Job {}: the chunks of its manifest cannot be described: {}", job.id(), e.toString());
            return "their byte ranges are unknown (the manifest cannot be read as it was)";
        }
    }
}
