package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the monitor remembers on a job between ticks.
 *
 * @param batchFailureReasons    Batch Operations' failure reasons, once it failed
 * @param batchFinishedAt        when the monitor first saw the batch job terminal
 * @param reportRead             whether the completion report's failed tasks were marked failed
 * @param lastNotifiedStep       the progress step last published, -1 before the first
 * @param decidedTerminal        the terminal notification decided on (recorded before it is published, so a
 *                               re-send after a crash carries the same status)
 * @param notifiedTerminal       the terminal status whose notification was published and recorded
 * @param reconcileToken         where the current reconciliation pass over pending objects stands
 * @param finallyReconciled      the last reconciliation before an ending other than Complete was made (one budgeted
 *                               attempt; past the deadline, or once the batch job failed or was cancelled, or a
 *                               failure was asked for): restores whose events were lost are counted
 * @param completionReportHandled failed tasks of the completion report handled so far, while it is being read
 *                               (a large report is read over several ticks)
 * @param outbox                 a notification recorded as about to be published and not yet marked sent
 * @param report                 how far the results report is written
 * @param failureRequested       why the job must fail, when a worker found it cannot go on (its bucket's events
 *                               cannot be routed, its manifest changed): the monitor cancels its batch job and
 *                               finishes it Failed with this reason, notification and report included
 */
public record MonitorState(
        List<String> batchFailureReasons,
        Optional<Instant> batchFinishedAt,
        boolean reportRead,
        int lastNotifiedStep,
        Optional<Notice.Finish> decidedTerminal,
        Optional<JobStatus> notifiedTerminal,
        Optional<String> reconcileToken,
        boolean finallyReconciled,
        Optional<PendingNotification> outbox,
        ReportProgress report,
        Optional<String> failureRequested,
        long completionReportHandled) {

    public static final MonitorState INITIAL = new MonitorState(List.of(), Optional.empty(), false, -1,
            Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), ReportProgress.NOT_STARTED,
            Optional.empty(), 0);

    /** Before the completion report is read. */
    public MonitorState(List<String> batchFailureReasons, Optional<Instant> batchFinishedAt, boolean reportRead,
                        int lastNotifiedStep, Optional<Notice.Finish> decidedTerminal,
                        Optional<JobStatus> notifiedTerminal, Optional<String> reconcileToken,
                        boolean finallyReconciled, Optional<PendingNotification> outbox, ReportProgress report,
                        Optional<String> failureRequested) {
        this(batchFailureReasons, batchFinishedAt, reportRead, lastNotifiedStep, decidedTerminal, notifiedTerminal,
                reconcileToken, finallyReconciled, outbox, report, failureRequested, 0);
    }

    /** No failure requested. */
    public MonitorState(List<String> batchFailureReasons, Optional<Instant> batchFinishedAt, boolean reportRead,
                        int lastNotifiedStep, Optional<Notice.Finish> decidedTerminal,
                        Optional<JobStatus> notifiedTerminal, Optional<String> reconcileToken,
                        boolean finallyReconciled, Optional<PendingNotification> outbox, ReportProgress report) {
        this(batchFailureReasons, batchFinishedAt, reportRead, lastNotifiedStep, decidedTerminal, notifiedTerminal,
                reconcileToken, finallyReconciled, outbox, report, Optional.empty());
    }

    public MonitorState {
        batchFailureReasons = List.copyOf(batchFailureReasons);
        Objects.requireNonNull(batchFinishedAt, "batchFinishedAt");
        Objects.requireNonNull(decidedTerminal, "decidedTerminal");
        Objects.requireNonNull(notifiedTerminal, "notifiedTerminal");
        Objects.requireNonNull(reconcileToken, "reconcileToken");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(failureRequested, "failureRequested");
    }

    /** The state as it was before the finishing fields existed (what the first eight fields say). */
    public MonitorState(List<String> batchFailureReasons, Optional<Instant> batchFinishedAt, boolean reportRead,
                        int lastNotifiedStep, Optional<Notice.Finish> decidedTerminal,
                        Optional<JobStatus> notifiedTerminal, Optional<String> reconcileToken,
                        boolean finallyReconciled) {
        this(batchFailureReasons, batchFinishedAt, reportRead, lastNotifiedStep, decidedTerminal, notifiedTerminal,
                reconcileToken, finallyReconciled, Optional.empty(), ReportProgress.NOT_STARTED);
    }
}
