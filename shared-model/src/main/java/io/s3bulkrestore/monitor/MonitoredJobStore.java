package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.JobStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The job store as the progress monitor uses it (DESIGN §4). Every write is conditional or idempotent. */
public interface MonitoredJobStore extends JobStore {


    /**
     * Up to {@code limit} jobs in the active index (not terminal, or terminal with items still to expire),
     * oldest first, from the ActiveJobs index (never a scan).
     */
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

    /**
     * Adds a follow-up batch job to the job's batch jobs, only while they are still {@code following} (the first
     * batch job alone): the job's batch jobs become {@code group}, the batch status seen and when it finished are
     * forgotten (the group runs again), and the completion report is read on from {@code reportPosition} (the
     * follow-up's report, the first one's being read). Returns whether this call added it (false: another tick did,
     * or the job's batch jobs changed).
     */
    boolean recordFollowUpBatchJob(JobId id, String following, String group, long reportPosition);

    /** Notes that the completion report's failed tasks were marked failed, so it is read once. */
    void recordReportRead(JobId id);

    /**
     * Where reading a large completion report stands: this many failed tasks are handled (never moves back), so
     * the next tick skips them.
     */
    void recordCompletionReportHandled(JobId id, long handled);

    /**
     * Where the current reconciliation pass stands; {@code finallyReconciled} once the last reconciliation before
     * an ending other than Complete was made (it stays true).
     */
    void recordReconcilePass(JobId id, Optional<String> nextToken, boolean finallyReconciled);

    /**
     * Decides the job's one terminal notification unless one was decided before; returns the decided one
     * (this or the earlier).
     */
    Notice.Finish decideTerminal(JobId id, Notice.Finish finish);

    /**
     * Decides how a job that waits for confirmation ends, only while it still waits unconfirmed: a confirm recorded
     * first wins ({@link JobStore#recordConfirmRequested} refuses once an ending is decided), so a job is never both
     * started and ended unstarted. Returns the decided ending (this or an earlier one), or empty when the job was
     * confirmed or no longer waits.
     */
    Optional<Notice.Finish> decideWaitingEnding(JobId id, Notice.Finish finish);

    /**
     * Puts a notification in the job's outbox before it is published, unless the outbox holds one, or the
     * notification is a progress step no higher than the last one sent, or a terminal one was sent. Returns
     * whether this call put it there (only then may the caller publish it).
     */
    boolean stageNotification(JobId id, PendingNotification notification);

    /**
     * Records that the outbox's notification was published: clears the outbox (only if it still holds this
     * notification) and remembers its step, or its terminal status. Returns whether this call did.
     */
    boolean recordNotificationSent(JobId id, PendingNotification notification);

    /**
     * Moves the results report from {@code from} to {@code to}, only if it still stands at {@code from} (same
     * upload, same next part). Returns whether this call moved it.
     */
    boolean recordReportProgress(JobId id, ReportProgress from, ReportProgress to);

    /**
     * Gives the job its terminal status (and reason for the user), its results report, the counts that report
     * holds (from then on the job's counts and total, whatever completes later, so that the terminal
     * notification, the report and the job agree forever), and a TTL on the job item. The job stays in the
     * active index until {@link #leaveActive}, so the monitor can expire its other items a page per tick.
     * Idempotent: the first call's values stay.
     */
    void finish(JobId id, JobStatus status, Optional<String> reason, Optional<String> reportUri, ReportTally counts,
                Instant expiresAt);

    /** Where the monitor's round of the active jobs stands: the job the last tick looked at last. */
    Optional<JobId> monitorCursor();

    /** Records where the next tick starts its round (empty: from the oldest active job). */
    void recordMonitorCursor(Optional<JobId> lastLookedAt);



    /**
     * Forgets the chunk summaries of a job of tracking version 1 whose objects are registered again (its total is
     * counted again, in this version's records, as the chunks are ingested anew).
     */
    void forgetChunkSummaries(JobId id);

    /** Notes that the job's objects are (being) registered in this version's object records. */
    void recordRecorded(JobId id);

    /** Takes a finished job out of the active index: the monitor is done with it. */
    void leaveActive(JobId id);
}
