package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.CompletionReports;
import io.s3bulkrestore.ports.MonitoredJobStore;
import io.s3bulkrestore.ports.Notifier;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import io.s3bulkrestore.ports.ResultsReports;
import io.s3bulkrestore.restore.RestoreHeader;
import io.s3bulkrestore.tracking.MarkTasksFailed;
import io.s3bulkrestore.tracking.PendingPage;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * One tick of the progress monitor (DESIGN §4, §6): for each active job (at most
 * {@link Settings#maxJobsPerTick()}), follow its batch job, read its completion report once, reconcile a
 * bounded page of pending objects with S3 when they stall or the deadline passed, and publish what
 * {@link NotificationRule} decides, then record it. Work per job per tick does not grow with the job's size,
 * except the results report written once when the job finishes.
 *
 * <p>Publish, then record: a crash in between re-publishes the same notification (same NotificationId)
 * next tick. A terminal notification is decided and recorded before it is published, so a re-send never
 * changes its status.
 */
public final class MonitorJobs {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorJobs.class);

    /** The monitor's parameters. */
    public record Settings(int progressStepPercent, int stallMinutes, int reconcilePageSize, int retentionDays,
                           int maxJobsPerTick) {
    }

    private final MonitoredJobStore jobs;
    private final RestoreLedger ledger;
    private final BatchOperations batch;
    private final CompletionReports completionReports;
    private final RestoreStatusChecker restoreStatus;
    private final ResultsReports results;
    private final Notifier notifier;
    private final Clock clock;
    private final Settings settings;
    private final NotificationRule rule;
    private final MarkTasksFailed markTasksFailed;

    public MonitorJobs(MonitoredJobStore jobs, RestoreLedger ledger, BatchOperations batch, CompletionReports completionReports,
                       RestoreStatusChecker restoreStatus, ResultsReports results, Notifier notifier, Clock clock,
                       Settings settings) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.completionReports = Objects.requireNonNull(completionReports, "completionReports");
        this.restoreStatus = Objects.requireNonNull(restoreStatus, "restoreStatus");
        this.results = Objects.requireNonNull(results, "results");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rule = new NotificationRule(settings.progressStepPercent());
        this.markTasksFailed = new MarkTasksFailed(ledger, clock);
    }

    /** Where the next tick starts when more jobs are active than one tick looks at; kept per container. */
    private Optional<Job> resumeAfter = Optional.empty();

    /**
     * Looks at up to {@link Settings#maxJobsPerTick()} active jobs once, continuing after the last job the
     * previous tick looked at (and from the oldest again after the newest); one job's failure is logged and
     * does not stop the others.
     */
    public void tick() {
        List<ActiveJob> active = jobs.activeJobs(resumeAfter, settings.maxJobsPerTick());
        if (active.isEmpty() && resumeAfter.isPresent()) {
            active = jobs.activeJobs(Optional.empty(), settings.maxJobsPerTick()); // past the newest: start over
        }
        resumeAfter = active.size() < settings.maxJobsPerTick()
                ? Optional.empty() : Optional.of(active.getLast().job());
        for (ActiveJob job : active) {
            try {
                monitor(job);
            } catch (RuntimeException e) {
                LOG.warn("Monitoring job {} failed this tick; retried next tick", job.job().id(), e);
            }
        }
    }

    private void monitor(ActiveJob active) {
        Job job = active.job();
        MonitorState state = active.state();
        if (job.batchJobId() == null) {
            return; // still submitting: nothing to follow yet
        }
        JobId id = job.id();
        Instant now = clock.instant();

        if (state.notifiedTerminal().isPresent() || state.decidedTerminal().isPresent()) {
            // A tick crashed after deciding: finish with the decision, never a different status.
            Optional<String> reason = Optional.ofNullable(job.failureReason());
            finish(reread(id), state, state.decidedTerminal().orElseGet(() ->
                    new Notice.Finish(state.notifiedTerminal().get(), reason)));
            return;
        }

        String batchStatus = job.batchStatus();
        List<String> failureReasons = state.batchFailureReasons();
        Optional<Instant> batchFinishedAt = state.batchFinishedAt();
        BatchJobState described = null;
        if (batchStatus == null || !isTerminalBatchStatus(batchStatus)) {
            described = batch.describe(job.batchJobId());
            jobs.recordBatchState(id, described, now);
            batchStatus = described.status();
            failureReasons = described.failureReasons();
            if (described.isTerminal() && batchFinishedAt.isEmpty()) {
                batchFinishedAt = Optional.of(now);
            }
        }
        if (isTerminalBatchStatus(batchStatus) && !state.reportRead()) {
            BatchJobState finished = described != null ? described : batch.describe(job.batchJobId());
            completionReports.forEachFailedTask(job.batchJobId(), finished,
                    tasks -> markTasksFailed.apply(id, tasks));
            jobs.recordReportRead(id);
        }

        job = reread(id);
        boolean reconciledAfterDeadline = state.reconciledAfterDeadline();
        if (shouldReconcile(job, state, batchFinishedAt, now)) {
            reconciledAfterDeadline = reconcileOnePage(job, state, now);
            job = reread(id);
        }

        JobSnapshot snapshot = new JobSnapshot(job.status(), job.total(), job.counts(), Optional.ofNullable(batchStatus),
                failureReasons, job.cancelRequested(), job.deadline(), state.lastNotifiedStep(),
                state.notifiedTerminal(), reconciledAfterDeadline);
        Notice notice = rule.decide(snapshot, now);
        switch (notice) {
            case Notice.Progress progress -> {
                notifier.publish(notification(job, JobStatus.RESTORING, progress.step(), Optional.empty(),
                        Optional.empty()));
                jobs.recordProgressNotified(id, progress.step());
            }
            case Notice.Finish finish -> finish(job, state, jobs.decideTerminal(id, finish));
            case Notice.ReconcileFirst ignored -> LOG.info("Job {} is past its deadline; reconciling first", id);
            case Notice.Nothing ignored -> {
                // nothing new to say
            }
        }
    }

    private boolean shouldReconcile(Job job, MonitorState state, Optional<Instant> batchFinishedAt, Instant now) {
        boolean pending = job.total().map(total -> job.counts().finished() < total).orElse(false);
        if (!pending) {
            return false;
        }
        boolean pastDeadline = now.isAfter(job.deadline()) && !state.reconciledAfterDeadline();
        boolean stalled = batchFinishedAt
                .map(finished -> now.isAfter(finished.plus(Duration.ofMinutes(settings.stallMinutes()))))
                .orElse(false);
        return pastDeadline || stalled;
    }

    /**
     * Checks one page of pending objects against S3 and credits the restored ones through the ledger's
     * exactly-once credit. Returns whether the job now counts as reconciled after its deadline.
     */
    private boolean reconcileOnePage(Job job, MonitorState state, Instant now) {
        PendingPage page = ledger.pendingObjects(job.id(), state.reconcileToken(), settings.reconcilePageSize());
        List<ObjectId> restored = new ArrayList<>();
        for (ObjectId object : page.objects()) {
            Optional<RestoreHeader> header = restoreStatus.restoreStatus(object);
            if (header.isPresent() && !header.get().ongoing()) {
                restored.add(object);
            }
        }
        int credited = restored.isEmpty() ? 0 : ledger.credit(job.id(), restored, now);
        boolean passEnded = page.nextPageToken().isEmpty();
        boolean reconciled = state.reconciledAfterDeadline() || (passEnded && now.isAfter(job.deadline()));
        jobs.recordReconcilePass(job.id(), page.nextPageToken(), reconciled);
        LOG.info("Reconciled {} pending objects of job {}: {} restored, {} credited now; pass ended: {}",
                page.objects().size(), job.id(), restored.size(), credited, passEnded);
        return reconciled;
    }

    private void finish(Job job, MonitorState state, Notice.Finish decided) {
        String reportUri = results.write(job.id(), reportRows(job));
        if (state.notifiedTerminal().isEmpty()) {
            notifier.publish(notification(job, decided.status(), 100, Optional.of(reportUri), decided.reason()));
            jobs.recordTerminalNotified(job.id(), decided.status());
        }
        Instant now = clock.instant();
        jobs.finish(job.id(), decided.status(), decided.reason(), reportUri,
                now.plus(Duration.ofDays(settings.retentionDays())));
        LOG.info("Job {} finished {}", job.id(), decided.status().displayName());
    }

    /**
     * The report's rows, produced lazily: the failed tasks from the completion report, then every object
     * still pending as missing, a page at a time.
     */
    private Iterator<ReportRow> reportRows(Job job) {
        List<ReportRow> failed = new ArrayList<>();
        if (job.batchJobId() != null && job.batchStatus() != null && isTerminalBatchStatus(job.batchStatus())) {
            completionReports.forEachFailedTask(job.batchJobId(), batch.describe(job.batchJobId()),
                    tasks -> tasks.forEach(task -> failed.add(new ReportRow(task.object(), "failed", task.errorCode()))));
        }
        Iterator<ReportRow> missing = new PendingRows(job.id());
        Iterator<ReportRow> failedRows = failed.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return failedRows.hasNext() || missing.hasNext();
            }

            @Override
            public ReportRow next() {
                return failedRows.hasNext() ? failedRows.next() : missing.next();
            }
        };
    }

    /** The job's pending objects as "missing" rows, read page by page as they are consumed. */
    private final class PendingRows implements Iterator<ReportRow> {
        private final JobId job;
        private Iterator<ObjectId> current = List.<ObjectId>of().iterator();
        private Optional<String> token = Optional.empty();
        private boolean started;

        PendingRows(JobId job) {
            this.job = job;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && (!started || token.isPresent())) {
                PendingPage page = ledger.pendingObjects(job, token, settings.reconcilePageSize());
                started = true;
                token = page.nextPageToken();
                current = page.objects().iterator();
            }
            return current.hasNext();
        }

        @Override
        public ReportRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return new ReportRow(current.next(), "missing", "no restore completion seen");
        }
    }

    private JobNotification notification(Job job, JobStatus status, int step, Optional<String> reportUri,
                                         Optional<String> reason) {
        int percent = job.progressPercent().orElse(0);
        Optional<Long> pending = job.total().map(total -> Math.max(0, total - job.counts().finished()));
        return new JobNotification(JobNotification.idOf(job.id().value(), status, step), job.id().value(),
                job.batchJobId(), status, percent, job.counts().failed(), job.request().clientTagValue(), job.total(),
                job.counts().restored(), pending, job.request().tier().name(), reportUri, clock.instant(), reason);
    }

    private Job reread(JobId id) {
        return jobs.find(id).orElseThrow(() -> new IllegalStateException("active job vanished: " + id));
    }

    private static boolean isTerminalBatchStatus(String status) {
        return switch (status) {
            case "Complete", "Failed", "Cancelled" -> true;
            default -> false;
        };
    }
}
