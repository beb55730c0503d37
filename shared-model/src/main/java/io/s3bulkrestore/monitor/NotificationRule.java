package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobStatus;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides, from a job's snapshot, which notification (if any) the monitor publishes this tick
 * (DESIGN §4). In order of precedence:
 * <ol>
 *   <li>A job whose terminal notification was published gets nothing more: a terminal notification is
 *       sent for one status only.</li>
 *   <li>A worker asked for the job to fail (its events cannot be routed, its manifest changed): Failed.</li>
 *   <li>While the manifest is not wholly ingested nothing ends the job, so that its report lists every
 *       manifest line, until the deadline; past it, the job ends (Cancelled if the user asked, else Failed
 *       with {@code INGEST_INCOMPLETE}). Meanwhile only the first Restoring (0 %) goes out.</li>
 *   <li>The batch job Failed: Failed, with its reasons. It was Cancelled: Cancelled.</li>
 *   <li>Every object settled: Complete; Failed when every object failed. In a job that copies, a restored
 *       object is settled once its copy is made or failed.</li>
 *   <li>Past the deadline: Timeout.</li>
 *   <li>Every ending but Complete (where nothing is pending) first reconciles pending objects with S3 once, so
 *       that restores whose events were lost are counted: ReconcileFirst until that is done.</li>
 *   <li>Progress crossed the next step: Restoring at that step (0 first, as soon as the batch job exists,
 *       then every step size), at most one per tick and never the same step twice.</li>
 * </ol>
 * Batch Operations "Complete" only means every restore was initiated, so it finishes nothing by itself.
 */
public final class NotificationRule {

    /** The reason of a job that ended Failed because every one of its objects failed. */
    public static final String EVERY_OBJECT_FAILED = "every object failed to restore";
    /** The reason of a job that copies and ended Failed because no object was both restored and copied. */
    public static final String EVERY_OBJECT_FAILED_OR_NOT_COPIED = "every object failed to restore or to copy";

    private final int stepPercent;

    public NotificationRule(int stepPercent) {
        if (stepPercent < 1 || stepPercent > 100 || 100 % stepPercent != 0) {
            throw new IllegalArgumentException("the progress step must divide 100, got " + stepPercent);
        }
        this.stepPercent = stepPercent;
    }

    public Notice decide(JobSnapshot job, Instant now) {
        if (job.notifiedTerminal().isPresent()) {
            return new Notice.Nothing();
        }
        if (job.failureRequested().isPresent()) {
            return reconciledFirst(job, new Notice.Finish(JobStatus.FAILED, job.failureRequested()));
        }
        boolean pastDeadline = now.isAfter(job.deadline());
        Optional<Long> total = job.totalObjects();
        if (total.isEmpty()) {
            if (pastDeadline) {
                return reconciledFirst(job, new Notice.IngestIncomplete(job.cancelRequested() || isCancelled(job)));
            }
            return firstStep(job);
        }
        boolean allSettled = job.finished() >= total.get();
        String batch = job.batchStatus().orElse("");
        if (batch.equals("Failed")) {
            return reconciledFirst(job, new Notice.Finish(JobStatus.FAILED, Optional.of(job.batchFailureReasons().isEmpty()
                    ? "the S3 Batch Operations job failed"
                    : "the S3 Batch Operations job failed: " + String.join("; ", job.batchFailureReasons()))), allSettled);
        }
        if (isCancelled(job)) {
            return reconciledFirst(job, new Notice.Finish(JobStatus.CANCELLED, Optional.of(job.cancelRequested()
                    ? "cancelled on request" : "the S3 Batch Operations job was cancelled")), allSettled);
        }
        if (allSettled) {
            boolean allFailed = total.get() > 0 && job.counts().failed() >= total.get();
            return allFailed
                    ? new Notice.Finish(JobStatus.FAILED, Optional.of(EVERY_OBJECT_FAILED))
                    : new Notice.Finish(JobStatus.COMPLETE, Optional.empty());
        }
        if (pastDeadline) {
            return reconciledFirst(job, new Notice.Finish(JobStatus.TIMEOUT, Optional.of("the deadline "
                    + job.deadline() + " passed with objects still pending")));
        }
        if (job.lastNotifiedStep() < 0) {
            return new Notice.Progress(0);
        }
        int step = job.percent().map(percent -> percent / stepPercent * stepPercent).orElse(0);
        if (step < 100 && step > job.lastNotifiedStep()) {
            return new Notice.Progress(step);
        }
        return new Notice.Nothing();
    }

    /** The ending, once the last reconciliation was made; until then, that reconciliation. */
    private static Notice reconciledFirst(JobSnapshot job, Notice ending) {
        return reconciledFirst(job, ending, false);
    }

    private static Notice reconciledFirst(JobSnapshot job, Notice ending, boolean nothingPending) {
        return job.finallyReconciled() || nothingPending ? ending : new Notice.ReconcileFirst();
    }

    private static boolean isCancelled(JobSnapshot job) {
        return job.batchStatus().orElse("").equals("Cancelled");
    }

    /** The first Restoring (0 %), once: the user learns the job is alive before its total is known. */
    private static Notice firstStep(JobSnapshot job) {
        return job.lastNotifiedStep() < 0 ? new Notice.Progress(0) : new Notice.Nothing();
    }
}
