package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.ActiveJob;
import io.s3bulkrestore.monitor.MonitorState;
import io.s3bulkrestore.monitor.MonitoredJobStore;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.monitor.PendingNotification;
import io.s3bulkrestore.monitor.ReportProgress;
import io.s3bulkrestore.monitor.ReportTally;
import io.s3bulkrestore.ports.BatchJobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.s3bulkrestore.adapters.dynamodb.JobsTable.STATUS_NAME;
import static io.s3bulkrestore.adapters.dynamodb.JobsTable.notTerminalCondition;
import static io.s3bulkrestore.adapters.dynamodb.JobsTable.notTerminalValues;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.BATCH_FAILURE_REASONS;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.BATCH_FINISHED_AT;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.COMPLETION_REPORT_HANDLED;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.DECIDED_REASON;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.DECIDED_TERMINAL;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.LAST_NOTIFIED_STEP;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.NOTIFIED_TERMINAL;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.OUTBOX_ID;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.OUTBOX_STATUS;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.OUTBOX_STEP;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.RECONCILED_AFTER_DEADLINE;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.RECONCILE_TOKEN;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_COPIED;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_COPY_FAILED;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_CURSOR;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_FAILED;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_MISSING;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_NEXT_PART;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_READ;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_RESTORED;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_SKIPPED;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_UPLOAD_ID;
import static io.s3bulkrestore.adapters.dynamodb.MonitorStateAttributes.REPORT_WRITTEN_URI;

/**
 * The {@link MonitoredJobStore}: the {@link DynamoDbJobStore} plus what only the progress monitor writes on the
 * JobsTable (DESIGN §4). It lists the ActiveJobs index (never a scan) and keeps its state on the job item
 * ({@link MonitorStateAttributes}) and its round cursor in a {@link MonitorCursorItem}. Every write is one
 * conditional or idempotent UpdateItem (or PutItem), so a tick that runs twice, or late, changes nothing twice.
 *
 * <p>Over 300 lines (a quarter of them imports): one port of seventeen methods, fifteen of them writes whose
 * conditions are their contract, all on one item; split further they would scatter that item's state machine.
 */
public final class DynamoDbMonitoredJobStore extends DynamoDbJobStore implements MonitoredJobStore {

    public DynamoDbMonitoredJobStore(DynamoDbClient dynamoDb, String tableName) {
        super(dynamoDb, tableName);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One Query of the ActiveJobs index (its ids), then one consistent Query of each listed job's
     * partition (counts, chunk summaries and the monitor's state, which the index may show stale).
     */
    @Override
    public List<ActiveJob> activeJobs(Optional<Job> after, int limit) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(table.name())
                .indexName(TableDesign.ACTIVE_JOBS_INDEX)
                .keyConditionExpression("#active = :active")
                .expressionAttributeNames(Map.of("#active", TableDesign.ACTIVE_PK))
                .expressionAttributeValues(Map.of(":active", JobItem.s(JobItem.ACTIVE_PK_VALUE)))
                .projectionExpression(JobItem.JOB_ID)
                .scanIndexForward(true)
                .limit(limit);
        after.ifPresent(last -> request.exclusiveStartKey(JobItem.indexPosition(TableDesign.ACTIVE_PK,
                JobItem.ACTIVE_PK_VALUE, last.id(), JobItem.createdKey(last.createdAt(), last.id()))));
        QueryResponse response = table.call("Query", db -> db.query(request.build()));
        List<ActiveJob> active = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            // a terminal job still in the index has items left to expire
            table.load(new JobId(item.get(JobItem.JOB_ID).s())).ifPresent(loaded -> active.add(new ActiveJob(
                    loaded.job(), MonitorStateAttributes.monitorStateOf(loaded.item()), JobItem.isRecorded(loaded.item()))));
        }
        return active;
    }

    @Override
    public void recordBatchState(JobId id, BatchJobState state, Instant seenAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":batchStatus", JobItem.s(state.status().awsName()));
        values.put(":reasons", AttributeValue.fromL(state.failureReasons().stream().map(JobItem::s).toList()));
        String update = "SET " + JobItem.BATCH_STATUS + " = :batchStatus, " + BATCH_FAILURE_REASONS + " = :reasons";
        if (state.isTerminal()) {
            values.put(":seenAt", JobItem.s(JobItem.instant(seenAt)));
            update += ", " + BATCH_FINISHED_AT + " = if_not_exists(" + BATCH_FINISHED_AT + ", :seenAt)";
        }
        table.plainUpdate(id, update, JobsTable.exists(), values);
    }

    @Override
    public void recordCompletionReportHandled(JobId id, long handled) {
        // Never moves back: a tick that read less (a stale state) leaves the position where a later one put it.
        table.plainUpdate(id, "SET " + COMPLETION_REPORT_HANDLED + " = :handled",
                "attribute_not_exists(" + COMPLETION_REPORT_HANDLED + ") OR "
                        + COMPLETION_REPORT_HANDLED + " < :handled",
                Map.of(":handled", JobItem.n(handled)));
    }

    @Override
    public boolean recordFollowUpBatchJob(JobId id, String following, String group, long reportPosition) {
        // One write: the group, where its report is read on from, and no batch status or finish time (it runs again).
        // Only while the job has the batch job it follows alone, so a second tick (or a replay) changes nothing.
        Map<String, AttributeValue> updated = table.plainUpdate(id,
                "SET " + JobItem.BATCH_JOB_ID + " = :group, " + COMPLETION_REPORT_HANDLED + " = :position"
                        + " REMOVE " + JobItem.BATCH_STATUS + ", " + BATCH_FINISHED_AT + ", "
                        + BATCH_FAILURE_REASONS,
                JobItem.BATCH_JOB_ID + " = :following",
                Map.of(":group", JobItem.s(group), ":following", JobItem.s(following),
                        ":position", JobItem.n(reportPosition)));
        return updated != null;
    }

    @Override
    public void recordReportRead(JobId id) {
        table.plainUpdate(id, "SET " + REPORT_READ + " = :true", JobsTable.exists(),
                Map.of(":true", AttributeValue.fromBool(true)));
    }

    @Override
    public void recordReconcilePass(JobId id, Optional<String> nextToken, boolean finallyReconciled) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder();
        nextToken.ifPresent(token -> {
            values.put(":token", JobItem.s(token));
            set.append(RECONCILE_TOKEN).append(" = :token");
        });
        if (finallyReconciled) {
            values.put(":true", AttributeValue.fromBool(true));
            set.append(set.isEmpty() ? "" : ", ").append(RECONCILED_AFTER_DEADLINE).append(" = :true");
        }
        String update = (set.isEmpty() ? "" : "SET " + set + " ")
                + (nextToken.isEmpty() ? "REMOVE " + RECONCILE_TOKEN : "");
        table.plainUpdate(id, update.trim(), JobsTable.exists(), values);
    }

    @Override
    public Notice.Finish decideTerminal(JobId id, Notice.Finish finish) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", JobItem.s(finish.status().name()));
        String update = "SET " + DECIDED_TERMINAL + " = :status";
        if (finish.reason().isPresent()) {
            values.put(":reason", JobItem.s(finish.reason().get()));
            update += ", " + DECIDED_REASON + " = :reason";
        }
        Map<String, AttributeValue> earlier = table.plainUpdate(id, update,
                "attribute_not_exists(" + DECIDED_TERMINAL + ")", values);
        if (earlier != null) {
            return finish;
        }
        return stateOf(id).decidedTerminal().orElseThrow();
    }

    @Override
    public Optional<Notice.Finish> decideWaitingEnding(JobId id, Notice.Finish finish) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", JobItem.s(finish.status().name()));
        values.put(":awaiting", JobItem.s(JobStatus.AWAITING_CONFIRMATION.name()));
        String update = "SET " + DECIDED_TERMINAL + " = :status";
        if (finish.reason().isPresent()) {
            values.put(":reason", JobItem.s(finish.reason().get()));
            update += ", " + DECIDED_REASON + " = :reason";
        }
        Map<String, AttributeValue> decided = table.plainUpdate(id, update, "attribute_not_exists("
                + DECIDED_TERMINAL + ") AND " + STATUS_NAME + " = :awaiting AND attribute_not_exists("
                + SourceJobAttributes.CONFIRM_REQUESTED + ")", values);
        if (decided != null) {
            return Optional.of(finish);
        }
        return stateOf(id).decidedTerminal();
    }

    @Override
    public boolean stageNotification(JobId id, PendingNotification notification) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", JobItem.s(notification.notificationId()));
        values.put(":status", JobItem.s(notification.status().name()));
        values.put(":step", JobItem.n(notification.step()));
        String notStale = notification.isTerminal()
                ? "attribute_not_exists(" + NOTIFIED_TERMINAL + ")"
                : "(attribute_not_exists(" + LAST_NOTIFIED_STEP + ") OR " + LAST_NOTIFIED_STEP + " < :step)";
        return table.plainUpdate(id,
                "SET " + OUTBOX_ID + " = :id, " + OUTBOX_STATUS + " = :status, " + OUTBOX_STEP + " = :step",
                "attribute_not_exists(" + OUTBOX_ID + ") AND " + notStale, values) != null;
    }

    @Override
    public boolean recordNotificationSent(JobId id, PendingNotification notification) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", JobItem.s(notification.notificationId()));
        String set = notification.isTerminal()
                ? NOTIFIED_TERMINAL + " = :status"
                : LAST_NOTIFIED_STEP + " = :step";
        values.put(notification.isTerminal() ? ":status" : ":step", notification.isTerminal()
                ? JobItem.s(notification.status().name()) : JobItem.n(notification.step()));
        return table.plainUpdate(id, "SET " + set + " REMOVE " + OUTBOX_ID + ", " + OUTBOX_STATUS + ", "
                + OUTBOX_STEP, OUTBOX_ID + " = :id", values) != null;
    }

    @Override
    public boolean recordReportProgress(JobId id, ReportProgress from, ReportProgress to) {
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_not_exists(" + REPORT_WRITTEN_URI + ") AND "
                + (from.uploadId().isEmpty()
                ? "attribute_not_exists(" + REPORT_UPLOAD_ID + ")"
                : REPORT_UPLOAD_ID + " = :fromUpload AND " + REPORT_NEXT_PART + " = :fromPart");
        from.uploadId().ifPresent(upload -> {
            values.put(":fromUpload", JobItem.s(upload));
            values.put(":fromPart", JobItem.n(from.nextPart()));
        });
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        to.uploadId().ifPresentOrElse(upload -> {
            values.put(":upload", JobItem.s(upload));
            set.add(REPORT_UPLOAD_ID + " = :upload");
        }, () -> remove.add(REPORT_UPLOAD_ID));
        values.put(":part", JobItem.n(to.nextPart()));
        set.add(REPORT_NEXT_PART + " = :part");
        to.cursor().ifPresentOrElse(cursor -> {
            values.put(":cursor", JobItem.s(cursor));
            set.add(REPORT_CURSOR + " = :cursor");
        }, () -> remove.add(REPORT_CURSOR));
        to.uri().ifPresent(uri -> {
            values.put(":uri", JobItem.s(uri));
            set.add(REPORT_WRITTEN_URI + " = :uri");
        });
        values.put(":rRestored", JobItem.n(to.tally().restored()));
        values.put(":rFailed", JobItem.n(to.tally().failed()));
        values.put(":rSkipped", JobItem.n(to.tally().skipped()));
        values.put(":rMissing", JobItem.n(to.tally().missing()));
        set.add(REPORT_RESTORED + " = :rRestored");
        set.add(REPORT_FAILED + " = :rFailed");
        set.add(REPORT_SKIPPED + " = :rSkipped");
        set.add(REPORT_MISSING + " = :rMissing");
        if (to.tally().copied() > 0 || to.tally().copyFailed() > 0) {
            values.put(":rCopied", JobItem.n(to.tally().copied()));
            values.put(":rCopyFailed", JobItem.n(to.tally().copyFailed()));
            set.add(REPORT_COPIED + " = :rCopied");
            set.add(REPORT_COPY_FAILED + " = :rCopyFailed");
        }
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return table.plainUpdate(id, update, condition, values) != null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sets the TTL on the job item; the job keeps its place in the ActiveJobs index until
     * {@link #leaveActive}.
     */
    @Override
    public void finish(JobId id, JobStatus status, Optional<String> reason, Optional<String> reportUri,
                       ReportTally counts, Instant expiresAt) {
        Map<String, AttributeValue> values = new HashMap<>(notTerminalValues());
        values.put(":terminal", JobItem.s(status.name()));
        values.put(":expires", JobItem.n(expiresAt.getEpochSecond()));
        values.put(":fRestored", JobItem.n(counts.restored()));
        values.put(":fFailed", JobItem.n(counts.failed()));
        values.put(":fSkipped", JobItem.n(counts.skipped()));
        values.put(":fTotal", JobItem.n(counts.total()));
        String update = "SET " + STATUS_NAME + " = :terminal, " + TableDesign.TTL + " = :expires, "
                + JobItem.FINAL_RESTORED + " = :fRestored, " + JobItem.FINAL_FAILED + " = :fFailed, "
                + JobItem.FINAL_SKIPPED + " = :fSkipped, " + JobItem.FINAL_TOTAL + " = :fTotal";
        if (counts.copied() > 0 || counts.copyFailed() > 0) {
            values.put(":fCopied", JobItem.n(counts.copied()));
            values.put(":fCopyFailed", JobItem.n(counts.copyFailed()));
            update += ", " + JobItem.FINAL_COPIED + " = :fCopied, " + JobItem.FINAL_COPY_FAILED + " = :fCopyFailed";
        }
        if (reportUri.isPresent()) {
            values.put(":report", JobItem.s(reportUri.get()));
            update += ", " + JobItem.REPORT_URI + " = :report";
        }
        if (reason.isPresent()) {
            values.put(":reason", JobItem.s(reason.get()));
            update += ", " + JobItem.FAILURE_REASON + " = :reason";
        }
        table.update(id, update, notTerminalCondition(), values);
    }

    @Override
    public Optional<JobId> monitorCursor() {
        return MonitorCursorItem.jobIdOf(table.call("GetItem (monitor cursor)", db -> db.getItem(b -> b
                .tableName(table.name()).key(MonitorCursorItem.KEY).consistentRead(true)).item()));
    }

    @Override
    public void recordMonitorCursor(Optional<JobId> lastLookedAt) {
        table.call("PutItem (monitor cursor)", db -> db.putItem(b -> b.tableName(table.name())
                .item(MonitorCursorItem.toItem(lastLookedAt))));
    }

    @Override
    public void leaveActive(JobId id) {
        table.plainUpdate(id, "REMOVE " + TableDesign.ACTIVE_PK, JobsTable.exists(), Map.of());
    }

    /** One Query of the job's chunk summaries (keys only), then one DeleteItem each. */
    @Override
    public void forgetChunkSummaries(JobId id) {
        for (Map<String, AttributeValue> key : table.chunkSummaryKeys(id)) {
            table.call("DeleteItem (chunk summary)", db -> db.deleteItem(b -> b.tableName(table.name()).key(key)));
        }
    }

    @Override
    public void recordRecorded(JobId id) {
        table.plainUpdate(id, "SET " + JobItem.TRACKING + " = :version", JobsTable.exists(),
                Map.of(":version", JobItem.n(JobItem.TRACKING_VERSION)));
    }

    private MonitorState stateOf(JobId id) {
        return MonitorStateAttributes.monitorStateOf(table.load(id)
                .orElseThrow(() -> new IllegalStateException("no job " + id)).item());
    }
}
