package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.MonitorState;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.monitor.PendingNotification;
import io.s3bulkrestore.monitor.ReportProgress;
import io.s3bulkrestore.monitor.ReportTally;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.s3bulkrestore.adapters.dynamodb.JobItem.bool;
import static io.s3bulkrestore.adapters.dynamodb.JobItem.optional;
import static io.s3bulkrestore.adapters.dynamodb.JobItem.optionalNumber;
import static io.s3bulkrestore.adapters.dynamodb.JobItem.orZero;
import static io.s3bulkrestore.adapters.dynamodb.JobItem.required;

/**
 * What the progress monitor remembers on a job item ({@link MonitorState}): absent on a job it never looked at,
 * written by {@link DynamoDbMonitoredJobStore} one conditional update at a time. Only this class knows these
 * attribute names; the job's own attributes are in {@link JobItem}.
 */
final class MonitorStateAttributes {

    static final String BATCH_FAILURE_REASONS = "batchFailureReasons";
    static final String BATCH_FINISHED_AT = "batchFinishedAt";
    static final String REPORT_READ = "reportRead";
    static final String LAST_NOTIFIED_STEP = "lastNotifiedStep";
    static final String DECIDED_TERMINAL = "decidedTerminal";
    static final String DECIDED_REASON = "decidedReason";
    static final String NOTIFIED_TERMINAL = "notifiedTerminal";
    static final String RECONCILE_TOKEN = "reconcileToken";
    /** MonitorState.finallyReconciled; the attribute keeps the name it had when only Timeout reconciled first. */
    static final String RECONCILED_AFTER_DEADLINE = "reconciledAfterDeadline";
    /** The outbox: a notification recorded as about to be published (its id, status and step). */
    static final String OUTBOX_ID = "outboxId";
    static final String OUTBOX_STATUS = "outboxStatus";
    static final String OUTBOX_STEP = "outboxStep";
    /** The results report's multipart upload, next part number, cursor, and URI once complete. */
    static final String REPORT_UPLOAD_ID = "reportUploadId";
    static final String REPORT_NEXT_PART = "reportNextPart";
    static final String REPORT_CURSOR = "reportCursor";
    static final String REPORT_WRITTEN_URI = "reportWrittenUri";
    /** Why a worker asked for the job to fail; the monitor ends it. */
    static final String FAILURE_REQUESTED = "failureRequested";
    /** Failed tasks of the completion report handled so far, while it is read over several ticks. */
    static final String COMPLETION_REPORT_HANDLED = "completionReportHandled";
    /** The rows of each kind in the results report's parts so far. */
    static final String REPORT_RESTORED = "reportRestored";
    static final String REPORT_FAILED = "reportFailed";
    static final String REPORT_SKIPPED = "reportSkipped";
    static final String REPORT_MISSING = "reportMissing";
    static final String REPORT_COPIED = "reportCopied";
    static final String REPORT_COPY_FAILED = "reportCopyFailed";

    private MonitorStateAttributes() {
    }

    /** What the monitor remembered on a job item; a job it never looked at has the initial state. */
    static MonitorState monitorStateOf(Map<String, AttributeValue> item) {
        AttributeValue reasons = item.get(BATCH_FAILURE_REASONS);
        List<String> failureReasons = reasons != null && reasons.hasL()
                ? reasons.l().stream().map(AttributeValue::s).toList() : List.of();
        String finishedAt = optional(item, BATCH_FINISHED_AT);
        Long step = optionalNumber(item, LAST_NOTIFIED_STEP);
        String decided = optional(item, DECIDED_TERMINAL);
        String notified = optional(item, NOTIFIED_TERMINAL);
        return new MonitorState(
                failureReasons,
                Optional.ofNullable(finishedAt).map(JobItem::parseInstant),
                bool(item, REPORT_READ),
                step == null ? -1 : Math.toIntExact(step),
                Optional.ofNullable(decided).map(status -> new Notice.Finish(JobStatus.valueOf(status),
                        Optional.ofNullable(optional(item, DECIDED_REASON)))),
                Optional.ofNullable(notified).map(JobStatus::valueOf),
                Optional.ofNullable(optional(item, RECONCILE_TOKEN)),
                bool(item, RECONCILED_AFTER_DEADLINE),
                outboxOf(item),
                reportProgressOf(item),
                Optional.ofNullable(optional(item, FAILURE_REQUESTED)),
                orZero(item, COMPLETION_REPORT_HANDLED));
    }

    private static Optional<PendingNotification> outboxOf(Map<String, AttributeValue> item) {
        String id = optional(item, OUTBOX_ID);
        if (id == null) {
            return Optional.empty();
        }
        Long step = optionalNumber(item, OUTBOX_STEP);
        return Optional.of(new PendingNotification(id, JobStatus.valueOf(required(item, OUTBOX_STATUS)),
                step == null ? 0 : Math.toIntExact(step)));
    }

    private static ReportProgress reportProgressOf(Map<String, AttributeValue> item) {
        Long part = optionalNumber(item, REPORT_NEXT_PART);
        return new ReportProgress(Optional.ofNullable(optional(item, REPORT_UPLOAD_ID)),
                part == null ? 1 : Math.toIntExact(part), Optional.ofNullable(optional(item, REPORT_CURSOR)),
                Optional.ofNullable(optional(item, REPORT_WRITTEN_URI)),
                new ReportTally(orZero(item, REPORT_RESTORED), orZero(item, REPORT_FAILED),
                        orZero(item, REPORT_SKIPPED), orZero(item, REPORT_MISSING), orZero(item, REPORT_COPIED),
                        orZero(item, REPORT_COPY_FAILED)));
    }
}
