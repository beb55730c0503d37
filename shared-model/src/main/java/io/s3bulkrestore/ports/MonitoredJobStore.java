package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.ActiveJob;
import io.s3bulkrestore.monitor.Notice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The job store as the progress monitor uses it (DESIGN §4). Every write is conditional or idempotent. */
public interface MonitoredJobStore extends JobStore {


    /** Up to {@code limit} jobs that are not terminal, oldest first, from the ActiveJobs index (never a scan). */
    default List<ActiveJob> activeJobs(int limit) {
        return activeJobs(Optional.empty(), limit);
    }

    /**
     * Like {@link #activeJobs(int)}, starting after {@code after} (a job a previous call returned), so that
     * successive ticks take turns when there are more active jobs than one tick looks at.
     */
    List<ActiveJob> activeJobs(Optional<Job> after, int limit);

    /**
     * Records the Batch Operations status (and failure reasons); the first time it is terminal, also when
     * that was seen ({@code seenAt}).
     */
    void recordBatchState(JobId id, BatchJobState state, Instant seenAt);

    /** Notes that the completion report's failed tasks were marked failed, so it is read once. */
    void recordReportRead(JobId id);

    /** Where the current reconciliation pass stands; {@code reconciledAfterDeadline} once a pass ended past it. */
    void recordReconcilePass(JobId id, Optional<String> nextToken, boolean reconciledAfterDeadline);

    /** Records a published progress step unless a step as high was recorded. Returns whether it was recorded. */
    boolean recordProgressNotified(JobId id, int step);

    /**
     * Decides the job's one terminal notification unless one was decided before; returns the decided one
     * (this or the earlier).
     */
    Notice.Finish decideTerminal(JobId id, Notice.Finish finish);

    /** Records that the terminal notification was published, at most once. Returns whether this call did. */
    boolean recordTerminalNotified(JobId id, JobStatus status);

    /**
     * Finishes the job: terminal status (and reason for the user), its results report, out of the active
     * index, kept until {@code expiresAt}. Idempotent.
     */
    void finish(JobId id, JobStatus status, Optional<String> reason, String reportUri, Instant expiresAt);
}
