package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobLogContext;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import io.s3bulkrestore.ports.ResultsReports;
import io.s3bulkrestore.tracking.JobObjects;
import io.s3bulkrestore.tracking.MarkTasksFailed;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One tick of the progress monitor (DESIGN §4, §6): for each active job (at most
 * {@link Settings#maxJobsPerTick()}, as the {@link TickBudget} allows), the phases below, in this order. Each phase
 * is a class of its own; this class owns only their order, which jobs a tick looks at, and the budget.
 * <ol>
 *   <li>{@link FinishJob#leaveActive}: a finished job leaves the active index.</li>
 *   <li>{@link RegisterAgainAfterUpgrade}: a job from before the tracking upgrade registers its objects again.</li>
 *   <li>{@link ResumeSubmission}: a job a crash left SUBMITTING is submitted.</li>
 *   <li>{@link SendNotification#resend}: a step left in the outbox goes out again, before anything new.</li>
 *   <li>{@link FinishJob}: a job whose ending an earlier tick decided is finished with that decision.</li>
 *   <li>{@link AwaitConfirmation}: a job that waits for confirmation is counted, quoted, started or ended.</li>
 *   <li>{@link ReadBatchStatus}, {@link ReadCompletionReports}, {@link StopBatchJob}, {@link Reconcile}: what the
 *       batch job says, its failed tasks, stopping it when asked, and S3 itself for objects still pending.</li>
 *   <li>{@link DecideNotification} decides; {@link SendNotification} publishes a step, or {@link FinishJob} ends
 *       the job (results report, terminal notification, terminal status).</li>
 * </ol>
 * Work that grows with a job's size (completion report batches, reconciliation pages, results report parts) goes
 * on while the budget allows and resumes next tick.
 *
 * <p>Every ending is exact and final: the terminal notification goes out once the results report is complete,
 * with the counts of that report, and the job keeps those counts ({@link MonitoredJobStore#finish}), so the
 * message, the report and the job agree forever, whatever restores complete later.
 */
public final class MonitorJobs {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorJobs.class);

    /**
     * The monitor's parameters.
     *
     * @param reportPartBytes  rows are added to a results report part until it holds this many bytes: one
     *                         part per job per tick (S3 needs at least 5 MiB for every part but the last)
     * @param submitGrace      how long a job may stay SUBMITTING before the monitor finishes its submission (longer
     *                         than the API function's timeout, so a request still running is not raced)
     */
    public record Settings(int progressStepPercent, int stallMinutes, int reconcilePageSize, int retentionDays,
                           int maxJobsPerTick, int reportPartBytes, Duration submitGrace) {

        public Settings {
            if (reportPartBytes < 1) {
                throw new IllegalArgumentException("report part size must be positive");
            }
            Objects.requireNonNull(submitGrace, "submitGrace");
        }

        /** Submissions resumed after {@link #DEFAULT_SUBMIT_GRACE}. */
        public Settings(int progressStepPercent, int stallMinutes, int reconcilePageSize, int retentionDays,
                        int maxJobsPerTick, int reportPartBytes) {
            this(progressStepPercent, stallMinutes, reconcilePageSize, retentionDays, maxJobsPerTick, reportPartBytes,
                    DEFAULT_SUBMIT_GRACE);
        }

        /** Four times the API function's 30 s timeout. */
        public static final Duration DEFAULT_SUBMIT_GRACE = Duration.ofMinutes(2);

        /** With 5 MiB report parts. */
        public Settings(int progressStepPercent, int stallMinutes, int reconcilePageSize, int retentionDays,
                        int maxJobsPerTick) {
            this(progressStepPercent, stallMinutes, reconcilePageSize, retentionDays, maxJobsPerTick,
                    ResultsReports.MIN_PART_BYTES);
        }
    }

    private final MonitoredJobStore jobs;
    private final Clock clock;
    private final Settings settings;
    private final AwaitConfirmation awaiting;
    private final DecideNotification decide;
    private final RegisterAgainAfterUpgrade registerAgain;
    private final ResumeSubmission resumeSubmission;
    private final ReadBatchStatus readBatchStatus;
    private final ReadCompletionReports readCompletionReports;
    private final StopBatchJob stopBatchJob;
    private final Reconcile reconcile;
    private final MissingChunks missingChunks;
    private final SendNotification send;
    private final FinishJob finishJob;

    /** A monitor of jobs that never wait for confirmation. */
    public MonitorJobs(MonitoredJobStore jobs, RestoreLedger ledger, BatchOperations batch, CompletionReports completionReports,
                       RestoreStatusChecker restoreStatus, ResultsReports results, Notifier notifier, SubmitJob submitJob,
                       Clock clock, Settings settings) {
        this(jobs, ledger, batch, completionReports, restoreStatus, results, notifier, submitJob, null, clock, settings);
    }

    /**
     * @param batch    Batch Operations, one batch job at a time: a job of several is followed as one group
     *                 ({@link GroupedBatchOperations}, {@link GroupedCompletionReports})
     * @param awaiting the step for jobs that wait for confirmation (source jobs); null where there are none
     */
    public MonitorJobs(MonitoredJobStore jobs, RestoreLedger ledger, BatchOperations batch, CompletionReports completionReports,
                       RestoreStatusChecker restoreStatus, ResultsReports results, Notifier notifier, SubmitJob submitJob,
                       AwaitConfirmation awaiting, Clock clock, Settings settings) {
        this(jobs, ledger, batch, completionReports, restoreStatus, results, notifier, submitJob, awaiting, null, clock,
                settings);
    }

    /**
     * @param followUps sorts the failed tasks of a manifest job's first batch job and restores its Intelligent-Tiering
     *                  archive objects with a follow-up batch job; null where manifests are not checked so (every
     *                  failed task then settles by its code alone)
     */
    public MonitorJobs(MonitoredJobStore jobs, RestoreLedger ledger, BatchOperations batch, CompletionReports completionReports,
                       RestoreStatusChecker restoreStatus, ResultsReports results, Notifier notifier, SubmitJob submitJob,
                       AwaitConfirmation awaiting, FollowUpRestores followUps, Clock clock, Settings settings) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(ledger, "ledger");
        BatchOperations grouped = new GroupedBatchOperations(Objects.requireNonNull(batch, "batch"));
        Objects.requireNonNull(completionReports, "completionReports");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.awaiting = awaiting;
        Objects.requireNonNull(submitJob, "submitJob");
        JobObjects objects = new JobObjects(submitJob.manifests(), ledger);
        this.decide = new DecideNotification(settings.progressStepPercent());
        this.registerAgain = new RegisterAgainAfterUpgrade(jobs, submitJob);
        this.resumeSubmission = new ResumeSubmission(jobs, submitJob, settings.submitGrace());
        this.readBatchStatus = new ReadBatchStatus(jobs, grouped);
        this.readCompletionReports = new ReadCompletionReports(jobs, grouped,
                new GroupedCompletionReports(completionReports, grouped), followUps, new MarkTasksFailed(ledger));
        this.stopBatchJob = new StopBatchJob(grouped);
        this.reconcile = new Reconcile(jobs, ledger, objects, restoreStatus, settings.reconcilePageSize(),
                Duration.ofMinutes(settings.stallMinutes()));
        this.missingChunks = new MissingChunks(jobs, submitJob);
        this.send = new SendNotification(jobs, notifier, clock);
        this.finishJob = new FinishJob(jobs, new WriteResultsReport(jobs, results, objects, settings.reportPartBytes()),
                send, clock, Duration.ofDays(settings.retentionDays()));
    }

    /** One tick with no clock to watch: each picked job gets one step of each kind (tests, benchmarks). */
    public TickSummary tick() {
        return tick(TickBudget.oneStepPerJob());
    }

    /**
     * What a tick saw, for the function's metrics.
     *
     * @param lookedAt     active jobs looked at
     * @param pastDeadline of those, jobs without a terminal status whose deadline had passed when the tick began (the
     *                     tick times them out: a figure above zero tick after tick means jobs are not being ended)
     */
    public record TickSummary(int lookedAt, int pastDeadline) {
    }

    /**
     * Looks at up to {@link Settings#maxJobsPerTick()} active jobs once, continuing after the last job the
     * previous tick looked at (recorded in the store, so any container continues the round; from the oldest
     * again after the newest), and stops early when the budget runs out. One job's failure is logged and does
     * not stop the others.
     */
    public TickSummary tick(TickBudget budget) {
        Instant began = clock.instant();
        Optional<Job> after = jobs.monitorCursor().flatMap(jobs::find);
        List<ActiveJob> active = jobs.activeJobs(after, settings.maxJobsPerTick());
        if (active.isEmpty() && after.isPresent()) {
            active = jobs.activeJobs(Optional.empty(), settings.maxJobsPerTick()); // past the newest: start over
        }
        int lookedAt = 0;
        int pastDeadline = 0;
        for (ActiveJob job : active) {
            if (lookedAt > 0 && !budget.allowsAnotherJob()) {
                break;
            }
            if (!job.job().status().isTerminal() && !job.job().deadline().isAfter(began)) {
                pastDeadline++;
            }
            try (MDC.MDCCloseable ignored = MDC.putCloseable(JobLogContext.KEY, job.job().id().value())) {
                monitor(job, budget);
            } catch (RuntimeException e) {
                LOG.warn("Monitoring job {} failed this tick; retried next tick", job.job().id(), e);
            }
            lookedAt++;
        }
        // The next tick starts after the last job looked at, also when the budget cut this one short, so a job that
        // takes a whole tick cannot starve the ones after it; after the newest, from the oldest again.
        boolean roundEnded = lookedAt == active.size() && active.size() < settings.maxJobsPerTick();
        jobs.recordMonitorCursor(roundEnded || lookedAt == 0 ? Optional.empty()
                : Optional.of(active.get(lookedAt - 1).job().id()));
        return new TickSummary(lookedAt, pastDeadline);
    }

    /** The phases for one job, in order; the first that has something to do this tick may end the job's turn. */
    private void monitor(ActiveJob active, TickBudget budget) {
        Job job = active.job();
        MonitorState state = active.state();
        JobId id = job.id();
        Instant now = clock.instant();
        if (job.status().isTerminal()) {
            finishJob.leaveActive(job); // finished and notified: nothing is left to do
            return;
        }
        if (!active.recorded()) {
            registerAgain.registerAgain(job, state);
            return;
        }
        if (ResumeSubmission.applies(job, state)) {
            resumeSubmission.resume(job, now);
            return;
        }
        Optional<PendingNotification> unsentStep = state.outbox().filter(pending -> !pending.isTerminal());
        if (unsentStep.isPresent()) {
            // The last tick recorded a step as about to go out and may have published it: send the same one
            // again (same id) before anything else, so a step is never replaced by a later one.
            send.resend(reread(id), unsentStep.get());
            return;
        }
        if (FinishJob.wasDecided(state)) {
            // A tick stopped after deciding: finish with the decision, never a different status.
            stopBatchJob.ofUnstartedEnding(job, state);
            finishJob.finish(reread(id), state, FinishJob.decidedBefore(job, state), budget);
            return;
        }
        if (job.status() == JobStatus.AWAITING_CONFIRMATION) {
            waitForConfirmation(job, state, budget);
            return;
        }
        if (job.batchJobId() == null) {
            // a failure was asked for before the batch job existed: nothing to follow, nothing to reconcile
            decideAndAct(new Reconcile.Reconciled(job, job.counts(), true), state, Optional.empty(), now, budget);
            return;
        }
        ReadBatchStatus.Seen batchJob = readBatchStatus.read(job, state, now);
        if (!readCompletionReports.readIfDue(job, state, batchJob, now, budget)) {
            return;
        }
        stopBatchJob.ifAsked(job, state, batchJob);
        Reconcile.Reconciled reconciled = reconcile.ifDue(reread(id), state, batchJob, now, budget);
        decideAndAct(reconciled, state, Optional.of(batchJob), now, budget);
    }

    private void waitForConfirmation(Job job, MonitorState state, TickBudget budget) {
        if (awaiting == null) {
            LOG.warn("Job {} waits for confirmation, which this monitor does not handle", job.id());
            return;
        }
        Optional<Notice.Finish> ending = awaiting.step(job); // decided, when present
        if (ending.isPresent()) {
            finishJob.finish(reread(job.id()), state, ending.get(), budget);
        }
    }

    /**
     * Decides what to publish about the job ({@link DecideNotification}), from its state and the counts
     * {@link Reconcile} left (its counters, or the exact counts of a pass that just read every object), and does it.
     */
    private void decideAndAct(Reconcile.Reconciled reconciled, MonitorState state,
                              Optional<ReadBatchStatus.Seen> batchJob, Instant now, TickBudget budget) {
        Job job = reconciled.job();
        JobId id = job.id();
        JobSnapshot snapshot = new JobSnapshot(job.status(), job.total(), reconciled.counts(),
                batchJob.map(ReadBatchStatus.Seen::status), batchJob.map(ReadBatchStatus.Seen::failureReasons)
                .orElse(List.of()), job.cancelRequested(), job.deadline(), state.lastNotifiedStep(),
                state.notifiedTerminal(), reconciled.finallyReconciled(), state.failureRequested(),
                job.request().copyValue().isPresent());
        switch (decide.decide(snapshot, now)) {
            case Notice.Progress progress -> send.progress(job, progress.step());
            case Notice.Finish finish -> finishJob.finish(job, state, jobs.decideTerminal(id, finish), budget);
            case Notice.IngestIncomplete incomplete -> finishJob.finish(job, state, jobs.decideTerminal(id,
                    DecideNotification.ingestIncomplete(incomplete, job.deadline(), missingChunks.describe(job))),
                    budget);
            case Notice.ReconcileFirst ignored -> LOG.info("Job {} is past its deadline; reconciling first", id);
            case Notice.Nothing ignored -> {
                // nothing new to say
            }
        }
    }

    private Job reread(JobId id) {
        return jobs.find(id).orElseThrow(() -> new IllegalStateException("active job vanished: " + id));
    }
}
