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
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.PendingPage;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tick of the progress monitor (DESIGN §4, §6): for each active job (at most
 * {@link Settings#maxJobsPerTick()}), follow its batch job, read its completion report once, reconcile a
 * bounded page of pending objects with S3 when they stall or the deadline passed, and publish what
 * {@link NotificationRule} decides, then record it. Work per job per tick does not grow with the job's size,
 * including a finished job's results report (one part per tick) and the TTL on its items (one page per tick).
 *
 * <p>Outbox, publish, record: a notification is first recorded on the job as about to be sent (with its
 * NotificationId), then published, then marked sent. A tick that finds one still in the outbox re-sends it
 * with the same NotificationId before deciding anything new, so a crash between publishing and recording
 * neither loses nor replaces it. A terminal notification is decided and recorded before its report is
 * written and before it is published, so a re-send never changes its status.
 */
public final class MonitorJobs {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorJobs.class);

    /** The monitor's parameters. */
    /**
     * @param reportPartBytes  rows are added to a results report part until it holds this many bytes: one
     *                         part per job per tick (S3 needs at least 5 MiB for every part but the last)
     * @param cleanupPageSize  memberships (or job items) of a finished job given a TTL per tick
     */
    public record Settings(int progressStepPercent, int stallMinutes, int reconcilePageSize, int retentionDays,
                           int maxJobsPerTick, int reportPartBytes, int cleanupPageSize) {

        /** Members read per ledger page while filling a report part. */
        static final int REPORT_PAGE = 1_000;
        /** A guess at a report row's size, to size the pages read for a part. */
        static final int ROW_BYTES_GUESS = 64;

        public Settings {
            if (reportPartBytes < 1 || cleanupPageSize < 1) {
                throw new IllegalArgumentException("report part size and cleanup page size must be positive");
            }
        }

        /** With 5 MiB report parts and 1,000 items expired per tick. */
        public Settings(int progressStepPercent, int stallMinutes, int reconcilePageSize, int retentionDays,
                        int maxJobsPerTick) {
            this(progressStepPercent, stallMinutes, reconcilePageSize, retentionDays, maxJobsPerTick,
                    ResultsReports.MIN_PART_BYTES, 1_000);
        }
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
        JobId id = job.id();
        Instant now = clock.instant();
        if (job.status().isTerminal()) {
            expireOnePage(job, state, now); // finished and notified: only its items' TTL is left
            return;
        }
        if (job.batchJobId() == null) {
            return; // still submitting: nothing to follow yet
        }
        if (state.outbox().isPresent()) {
            // The last tick recorded a notification as about to go out and may have published it: send the
            // same one again (same id) before anything else, so a step is never replaced by a later one.
            PendingNotification pending = state.outbox().get();
            if (!pending.isTerminal()) {
                publishStaged(reread(id), pending, Optional.empty(), Optional.empty());
                return;
            }
        }
        if (state.notifiedTerminal().isPresent() || state.decidedTerminal().isPresent()) {
            // A tick stopped after deciding: finish with the decision, never a different status.
            Optional<String> reason = Optional.ofNullable(job.failureReason());
            finishing(reread(id), state, state.decidedTerminal().orElseGet(() ->
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
                PendingNotification staged = PendingNotification.of(id.value(), JobStatus.RESTORING, progress.step());
                if (jobs.stageNotification(id, staged)) {
                    publishStaged(job, staged, Optional.empty(), Optional.empty());
                }
            }
            case Notice.Finish finish -> finishing(job, state, jobs.decideTerminal(id, finish));
            case Notice.ReconcileFirst ignored -> LOG.info("Job {} is past its deadline; reconciling first", id);
            case Notice.Nothing ignored -> {
                // nothing new to say
            }
        }
    }

    /** Publishes a notification that is in the outbox, then marks it sent. */
    private void publishStaged(Job job, PendingNotification staged, Optional<String> reportUri,
                               Optional<String> reason) {
        notifier.publish(notification(job, staged, reportUri, reason));
        jobs.recordNotificationSent(job.id(), staged);
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

    /**
     * Finishes a job whose terminal status is decided, one bounded step per tick: write one part of the
     * results report (until it is complete), then stage, publish and record the terminal notification naming
     * the report, then give the job its terminal status. Its items get their TTL on the following ticks.
     */
    private void finishing(Job job, MonitorState state, Notice.Finish decided) {
        ReportProgress report = state.report();
        if (state.notifiedTerminal().isEmpty()) {
            if (!report.isComplete()) {
                report = writeOnePart(job, report);
                if (!report.isComplete()) {
                    return; // the notification goes out once the report is complete
                }
            }
            PendingNotification terminal = PendingNotification.of(job.id().value(), decided.status(), 100);
            boolean staged = state.outbox().map(terminal::equals).orElse(false) || jobs.stageNotification(job.id(), terminal);
            if (!staged) {
                return; // another tick got there first; it sends it
            }
            publishStaged(job, terminal, report.uri(), decided.reason());
        }
        Instant now = clock.instant();
        jobs.finish(job.id(), decided.status(), decided.reason(), report.uri(), expiry(now));
        LOG.info("Job {} finished {}", job.id(), decided.status().displayName());
    }

    /**
     * Writes the next part of the job's results report: pages of its memberships (every object of the job,
     * restored, failed or still pending) until the part holds {@link Settings#reportPartBytes()} bytes or the
     * memberships end; completes the upload after the last part. Each step is recorded conditionally, so a
     * tick that stops anywhere leaves a state from which the next tick redoes at most one part.
     */
    private ReportProgress writeOnePart(Job job, ReportProgress report) {
        JobId id = job.id();
        if (report.uploadId().isEmpty()) {
            String uploadId = results.start(id);
            ReportProgress started = ReportProgress.started(uploadId);
            if (!jobs.recordReportProgress(id, report, started)) {
                results.abort(id, uploadId); // another tick started one first
                return report;
            }
            report = started;
        }
        String uploadId = report.uploadId().get();
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        if (report.nextPart() == 1) {
            part.writeBytes(ReportCsv.HEADER.getBytes(StandardCharsets.UTF_8));
        }
        Optional<String> cursor = report.cursor();
        boolean last = false;
        int rows = 0;
        while (part.size() < settings.reportPartBytes()) {
            // read about as many rows as the part still has room for (rows average ~64 bytes), so it
            // overshoots its size by little
            long room = settings.reportPartBytes() - part.size();
            int limit = (int) Math.max(1, Math.min(Settings.REPORT_PAGE, room / Settings.ROW_BYTES_GUESS + 1));
            PendingPage page = ledger.memberObjects(id, cursor, limit);
            Map<ObjectId, MemberOutcome> outcomes = ledger.outcomesOf(id, page.objects());
            for (ObjectId object : page.objects()) {
                MemberOutcome outcome = outcomes.get(object);
                if (outcome != null) {
                    part.writeBytes(ReportCsv.line(row(outcome)).getBytes(StandardCharsets.UTF_8));
                    rows++;
                }
            }
            cursor = page.nextPageToken();
            if (cursor.isEmpty()) {
                last = true;
                break;
            }
        }
        if (part.size() > 0 || report.nextPart() == 1) {
            results.writePart(id, uploadId, report.nextPart(), part.toByteArray());
        }
        ReportProgress next = report.partWritten(cursor);
        if (last) {
            next = next.completed(results.complete(id, uploadId));
        }
        boolean recorded = jobs.recordReportProgress(id, report, next);
        LOG.info("Results report of job {}: part {} with {} rows{}", id, report.nextPart(), rows,
                last ? ", complete" : "");
        return recorded ? next : report;
    }

    private static ReportRow row(MemberOutcome outcome) {
        return switch (outcome.settlement()) {
            case CREDITED -> new ReportRow(outcome.object(), "restored", "");
            case FAILED -> new ReportRow(outcome.object(), "failed", outcome.errorCode().orElse(""));
            case PENDING -> new ReportRow(outcome.object(), "missing", "no restore completion seen");
        };
    }

    /**
     * Gives one page of a finished job's memberships their TTL; after the last, one page of its other items
     * (counter shards, chunk summaries) per tick; then takes it out of the active index.
     */
    private void expireOnePage(Job job, MonitorState state, Instant now) {
        JobId id = job.id();
        if (!state.membershipsExpired()) {
            PendingPage page = ledger.memberObjects(id, state.cleanupToken(), settings.cleanupPageSize());
            ledger.expireMemberships(id, page.objects(), expiry(now));
            jobs.recordCleanup(id, page.nextPageToken(), page.nextPageToken().isEmpty());
            return;
        }
        Optional<String> next = jobs.expireJobItems(id, state.cleanupToken(), settings.cleanupPageSize(), expiry(now));
        if (next.isPresent()) {
            jobs.recordCleanup(id, next, true);
        } else {
            jobs.leaveActive(id);
            LOG.info("Job {}: every item has its TTL; it leaves the active index", id);
        }
    }

    private Instant expiry(Instant now) {
        return now.plus(Duration.ofDays(settings.retentionDays()));
    }

    private JobNotification notification(Job job, PendingNotification staged, Optional<String> reportUri,
                                         Optional<String> reason) {
        JobStatus status = staged.status();
        int percent = job.progressPercent().orElse(0);
        Optional<Long> pending = job.total().map(total -> Math.max(0, total - job.counts().finished()));
        return new JobNotification(staged.notificationId(), job.id().value(),
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
