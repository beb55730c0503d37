package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;
import io.s3bulkrestore.tracking.MarkTasksFailed;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Phase: once the batch job is terminal, reads its completion report once and marks the objects of its failed
 * tasks failed (DESIGN §3: codes are classified there). A batch of failed tasks at a time while the budget allows;
 * where it stopped is recorded, so a report of millions of failed tasks is read over several ticks, each ending in
 * time. A manifest job's first report is sorted by {@link FollowUpRestores}, which may add a follow-up batch job
 * whose report is then read the same way.
 */
final class ReadCompletionReports {

    private final MonitoredJobStore jobs;
    private final BatchOperations batch;
    private final CompletionReports reports;
    private final FollowUpRestores followUps;
    private final MarkTasksFailed markTasksFailed;

    /** @param followUps null where manifests are not sorted so (every failed task then settles by its code alone) */
    ReadCompletionReports(MonitoredJobStore jobs, BatchOperations batch, CompletionReports reports,
                          FollowUpRestores followUps, MarkTasksFailed markTasksFailed) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.followUps = followUps;
        this.markTasksFailed = Objects.requireNonNull(markTasksFailed, "markTasksFailed");
    }

    /**
     * Reads on in the report, if it is due and not read yet.
     *
     * @return whether the tick goes on to decide the job: not while a report is being read (before the deadline),
     *         nor when a follow-up batch job was just added (the group runs again)
     */
    boolean readIfDue(Job job, MonitorState state, ReadBatchStatus.Seen batchJob, Instant now, TickBudget budget) {
        // Read once the manifest is wholly registered: a failed task settles only a registered object, and Batch
        // Operations may finish before ingest does (past the deadline, what is registered is all there is).
        boolean registered = job.total().isPresent() || now.isAfter(job.deadline());
        if (!batchJob.isTerminal() || state.reportRead() || !registered) {
            return true;
        }
        BatchJobState finished = batchJob.described().orElseGet(() -> batch.describe(job.batchJobId()));
        // A manifest job's first report: the tasks whose code leaves the object's class open are asked about, and
        // its Intelligent-Tiering archive objects are followed up by a second batch job (FollowUpRestores).
        boolean sorting = followUps != null && followUps.applies(job);
        // A batch job that did not complete (cancelled, failed) gets no follow-up: its objects settle by their codes.
        boolean followingUp = sorting && !job.cancelRequested() && state.failureRequested().isEmpty()
                && batchJob.status() == BatchStatus.COMPLETE;
        long[] position = {state.completionReportHandled()};
        CompletionReports.Reading reading = reports.forEachFailedTask(job.batchJobId(), finished,
                state.completionReportHandled(), tasks -> {
                    List<MarkTasksFailed.FailedTask> settle = sorting
                            ? followUps.sort(job, position[0], tasks, followingUp) : tasks;
                    position[0] += tasks.size();
                    markTasksFailed.apply(job.id(), settle);
                    return budget.allowsAnotherStep();
                });
        if (reading.ended()) {
            if (followingUp && followUps.followUp(job)) {
                return false; // the group runs again: the next tick follows it, and reads the follow-up's report
            }
            jobs.recordReportRead(job.id());
            return true;
        }
        jobs.recordCompletionReportHandled(job.id(), reading.handled());
        return now.isAfter(job.deadline()); // nothing is decided before the whole report is read, unless it is due
    }
}
