package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.ports.BatchStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a notification is decided: which status the monitor publishes about a job, with which reason (the
 * message's {@code Reason}), and when (DESIGN §4). Every status the monitor may publish, and every reason but the one
 * a worker gives when it asks a job to fail, is written here; the other classes gather the facts and carry the
 * decision out ({@link SendNotification} renders it with the job's counts, {@link FinishJob} ends the job with it).
 *
 * <p>For a started job, {@link #decide} in order of precedence:
 * <ol>
 *   <li>A job whose terminal notification was published gets nothing more: a terminal notification is
 *       sent for one status only.</li>
 *   <li>A worker asked for the job to fail (its events cannot be routed, its manifest changed, its submission or
 *       its registration after an upgrade failed): Failed, with the worker's reason.</li>
 *   <li>While the manifest is not wholly ingested nothing ends the job, so that its report lists every
 *       manifest line, until the deadline; past it, the job ends (Cancelled if the user asked, else Failed
 *       with {@code INGEST_INCOMPLETE}, {@link #ingestIncomplete}). Meanwhile only the first Restoring (0 %) goes
 *       out.</li>
 *   <li>The batch job Failed: Failed, with its reasons. It was Cancelled: Cancelled.</li>
 *   <li>Every object settled: Complete; Failed when every object failed. In a job that copies, a restored
 *       object is settled once its copy is made or failed. Which of the two goes out is read again from the
 *       complete results report ({@link #settled}).</li>
 *   <li>Past the deadline: Timeout.</li>
 *   <li>Every ending but Complete (where nothing is pending) first reconciles pending objects with S3 once, so
 *       that restores whose events were lost are counted: ReconcileFirst until that is done.</li>
 *   <li>Progress crossed the next step: Restoring at that step (0 first, as soon as the batch job exists,
 *       then every step size), at most one per tick and never the same step twice.</li>
 * </ol>
 * Batch Operations "Complete" only means every restore was initiated, so it finishes nothing by itself.
 *
 * <p>A job that waits for confirmation ends unstarted, nothing restored, with one of the endings at the end of this
 * class; {@link AwaitConfirmation} decides when (it follows the waiting job's lifecycle), these say what goes out.
 */
public final class DecideNotification {

    /** The reason of a job that ended Failed because every one of its objects failed. */
    public static final String EVERY_OBJECT_FAILED = "every object failed to restore";
    /** The reason of a job that copies and ended Failed because no object was both restored and copied. */
    public static final String EVERY_OBJECT_FAILED_OR_NOT_COPIED = "every object failed to restore or to copy";

    private final int stepPercent;

    public DecideNotification(int stepPercent) {
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
        if (job.batchStatus().orElse(BatchStatus.UNKNOWN) == BatchStatus.FAILED) {
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
        return job.batchStatus().orElse(BatchStatus.UNKNOWN) == BatchStatus.CANCELLED;
    }

    /** The first Restoring (0 %), once: the user learns the job is alive before its total is known. */
    private static Notice firstStep(JobSnapshot job) {
        return job.lastNotifiedStep() < 0 ? new Notice.Progress(0) : new Notice.Nothing();
    }

    /**
     * The status a job that ended because every object was settled goes out with: Complete, or Failed when every
     * object failed. It is read from the job's complete results report, the counts its message carries, not from
     * the counters at the decision (a restore that completes meanwhile turns a failed object into a restored one).
     * The tally is kept with the report, so a tick that re-sends the message after a crash reads the same status.
     * Other endings stay as decided.
     */
    static Notice.Finish settled(Notice.Finish decided, ReportTally tally) {
        boolean settledEnding = decided.status() == JobStatus.COMPLETE || (decided.status() == JobStatus.FAILED
                && decided.reason().equals(Optional.of(EVERY_OBJECT_FAILED)));
        if (!settledEnding) {
            return decided;
        }
        if (tally.total() == 0 || tally.failed() + tally.copyFailed() < tally.total()) {
            return new Notice.Finish(JobStatus.COMPLETE, Optional.empty());
        }
        return new Notice.Finish(JobStatus.FAILED, Optional.of(tally.copyFailed() == 0
                ? EVERY_OBJECT_FAILED : EVERY_OBJECT_FAILED_OR_NOT_COPIED));
    }

    /**
     * The ending of a job whose manifest was not wholly ingested by its deadline.
     *
     * @param missing what was never ingested ({@link MissingChunks#describe})
     */
    static Notice.Finish ingestIncomplete(Notice.IngestIncomplete incomplete, Instant deadline, String missing) {
        String reason = "INGEST_INCOMPLETE: the deadline " + deadline + " passed before the manifest was wholly"
                + " ingested: " + missing + "; the report lists only the objects of the ingested chunks";
        return incomplete.cancelled()
                ? new Notice.Finish(JobStatus.CANCELLED, Optional.of("cancelled on request; " + reason))
                : new Notice.Finish(JobStatus.FAILED, Optional.of(reason));
    }

    // Endings of a job that waits for confirmation (nothing was restored, unless it was confirmed first)

    /** The user cancelled before confirming. */
    static Notice.Finish cancelledUnconfirmed() {
        return new Notice.Finish(JobStatus.CANCELLED,
                Optional.of("cancelled on request before it was confirmed; nothing was restored"));
    }

    /** Batch Operations refused, or could not be reached, for {@code giveUp} after the job was created. */
    static Notice.Finish neverCounted(Duration giveUp) {
        return new Notice.Finish(JobStatus.FAILED, Optional.of("S3 Batch Operations could not be asked to count"
                + " the objects within " + giveUp.toMinutes() + " minutes of the job's creation (see the monitor's"
                + " log for the AWS request ids)"));
    }

    /** A batch job that was to count the objects failed or was cancelled ({@code failures}, one per batch job). */
    static Notice.Finish listingFailed(List<String> failures) {
        return new Notice.Finish(JobStatus.FAILED, Optional.of("S3 Batch Operations could not list the objects: "
                + String.join("; ", failures)));
    }

    /** The deadline passed while Batch Operations was still counting. */
    static Notice.Finish notCountedBy(Instant deadline) {
        return new Notice.Finish(JobStatus.TIMEOUT, Optional.of("S3 Batch Operations had not counted the objects by "
                + deadline));
    }

    /** A manifest job asked for a quote where the monitor has no HeadObject to quote it with. */
    static Notice.Finish manifestNotQuotable() {
        return new Notice.Finish(JobStatus.FAILED, Optional.of("this monitor cannot quote manifest jobs; nothing was"
                + " restored"));
    }

    /** The quote waited {@code validity} without a confirmation. */
    static Notice.Finish quoteExpired(Duration validity) {
        return new Notice.Finish(JobStatus.CANCELLED, Optional.of("the quote expired unconfirmed after "
                + validity.toDays() + " days (QuoteExpiryDays); nothing was restored"));
    }

    /** The job was confirmed, and starting it failed for good ({@code problem}). */
    static Notice.Finish notStarted(String problem) {
        return new Notice.Finish(JobStatus.FAILED, Optional.of("the job was confirmed but could not be started: "
                + problem));
    }
}
