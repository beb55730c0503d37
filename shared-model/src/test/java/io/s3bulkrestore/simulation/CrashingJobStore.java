package io.s3bulkrestore.simulation;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.ActiveJob;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.monitor.PendingNotification;
import io.s3bulkrestore.monitor.ReportProgress;
import io.s3bulkrestore.monitor.ReportTally;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.monitor.MonitoredJobStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The job store as the functions see it: every write may kill the running function (see {@link FaultPlan}). */
final class CrashingJobStore implements MonitoredJobStore {

    private final MonitoredJobStore delegate;
    private final FaultPlan plan;

    CrashingJobStore(MonitoredJobStore delegate, FaultPlan plan) {
        this.delegate = delegate;
        this.plan = plan;
    }

    @Override
    public CreateOutcome create(Job job) {
        return plan.write("jobs.create(" + job.id() + ")", () -> delegate.create(job));
    }

    @Override
    public Optional<Job> find(JobId id) {
        return plan.read("jobs.find", () -> delegate.find(id));
    }

    @Override
    public JobPage list(Optional<JobStatus> status, Optional<String> pageToken, int limit) {
        return plan.read("jobs.list", () -> delegate.list(status, pageToken, limit));
    }

    @Override
    public Job recordSubmitted(JobId id, String batchJobId, int chunkCount) {
        return plan.write("jobs.recordSubmitted(" + id + ")", () -> delegate.recordSubmitted(id, batchJobId, chunkCount));
    }

    @Override
    public Job recordSourceJobs(JobId id, String batchJobIds) {
        return plan.write("jobs.recordSourceJobs(" + id + ")", () -> delegate.recordSourceJobs(id, batchJobIds));
    }

    @Override
    public Job recordQuote(JobId id, io.s3bulkrestore.model.Quote quote, io.s3bulkrestore.model.ManifestLocation listed) {
        return plan.write("jobs.recordQuote(" + id + ")", () -> delegate.recordQuote(id, quote, listed));
    }

    @Override
    public Job recordConfirmRequested(JobId id) {
        return plan.write("jobs.recordConfirmRequested(" + id + ")", () -> delegate.recordConfirmRequested(id));
    }

    @Override
    public Job recordStarted(JobId id, String batchJobIds, int chunkCount, java.time.Instant deadline) {
        return plan.write("jobs.recordStarted(" + id + ")",
                () -> delegate.recordStarted(id, batchJobIds, chunkCount, deadline));
    }

    @Override
    public Job recordFailed(JobId id, String reason) {
        return plan.write("jobs.recordFailed(" + id + ")", () -> delegate.recordFailed(id, reason));
    }

    @Override
    public Job recordCancelRequested(JobId id) {
        return plan.write("jobs.recordCancelRequested(" + id + ")", () -> delegate.recordCancelRequested(id));
    }

    @Override
    public List<ActiveJob> activeJobs(Optional<Job> after, int limit) {
        return plan.read("jobs.activeJobs", () -> delegate.activeJobs(after, limit));
    }

    @Override
    public void recordBatchState(JobId id, BatchJobState state, Instant seenAt) {
        plan.write("jobs.recordBatchState(" + id + ")", () -> delegate.recordBatchState(id, state, seenAt));
    }

    @Override
    public void recordCompletionReportHandled(JobId id, long handled) {
        plan.write("jobs.recordCompletionReportHandled(" + id + ")",
                () -> delegate.recordCompletionReportHandled(id, handled));
    }

    @Override
    public boolean recordFollowUpBatchJob(JobId id, String following, String group, long reportPosition) {
        boolean[] recorded = {false};
        plan.write("jobs.recordFollowUpBatchJob(" + id + ")",
                () -> recorded[0] = delegate.recordFollowUpBatchJob(id, following, group, reportPosition));
        return recorded[0];
    }

    @Override
    public void recordReportRead(JobId id) {
        plan.write("jobs.recordReportRead(" + id + ")", () -> delegate.recordReportRead(id));
    }

    @Override
    public void recordReconcilePass(JobId id, Optional<String> nextToken, boolean finallyReconciled) {
        plan.write("jobs.recordReconcilePass(" + id + ")",
                () -> delegate.recordReconcilePass(id, nextToken, finallyReconciled));
    }

    @Override
    public Notice.Finish decideTerminal(JobId id, Notice.Finish finish) {
        return plan.write("jobs.decideTerminal(" + id + ")", () -> delegate.decideTerminal(id, finish));
    }

    @Override
    public Optional<Notice.Finish> decideWaitingEnding(JobId id, Notice.Finish finish) {
        return plan.write("jobs.decideWaitingEnding(" + id + ")", () -> delegate.decideWaitingEnding(id, finish));
    }

    @Override
    public boolean stageNotification(JobId id, PendingNotification notification) {
        return plan.write("jobs.stageNotification(" + notification.notificationId() + ")",
                () -> delegate.stageNotification(id, notification));
    }

    @Override
    public boolean recordNotificationSent(JobId id, PendingNotification notification) {
        return plan.write("jobs.recordNotificationSent(" + notification.notificationId() + ")",
                () -> delegate.recordNotificationSent(id, notification));
    }

    @Override
    public boolean recordReportProgress(JobId id, ReportProgress from, ReportProgress to) {
        return plan.write("jobs.recordReportProgress(" + id + ")", () -> delegate.recordReportProgress(id, from, to));
    }

    @Override
    public void finish(JobId id, JobStatus status, Optional<String> reason, Optional<String> reportUri,
                       ReportTally counts, Instant expiresAt) {
        plan.write("jobs.finish(" + id + ", " + status.displayName() + ")",
                () -> delegate.finish(id, status, reason, reportUri, counts, expiresAt));
    }

    @Override
    public void requestFailure(JobId id, String reason) {
        plan.write("jobs.requestFailure(" + id + ")", () -> delegate.requestFailure(id, reason));
    }

    @Override
    public List<Long> chunksWithoutSummary(JobId id) {
        return plan.read("jobs.chunksWithoutSummary", () -> delegate.chunksWithoutSummary(id));
    }

    @Override
    public Optional<JobId> monitorCursor() {
        return plan.read("jobs.monitorCursor", delegate::monitorCursor);
    }

    @Override
    public void recordMonitorCursor(Optional<JobId> lastLookedAt) {
        plan.write("jobs.recordMonitorCursor", () -> delegate.recordMonitorCursor(lastLookedAt));
    }

    @Override
    public void leaveActive(JobId id) {
        plan.write("jobs.leaveActive(" + id + ")", () -> delegate.leaveActive(id));
    }

    @Override
    public void forgetChunkSummaries(JobId id) {
        plan.write("jobs.forgetChunkSummaries(" + id + ")", () -> delegate.forgetChunkSummaries(id));
    }

    @Override
    public void recordRecorded(JobId id) {
        plan.write("jobs.recordRecorded(" + id + ")", () -> delegate.recordRecorded(id));
    }
}
