package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import io.s3bulkrestore.ports.ResultsReports;
import io.s3bulkrestore.restore.RestoreHeader;
import io.s3bulkrestore.tracking.MarkTasksFailed;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.JobObjects;
import io.s3bulkrestore.tracking.RestoreFact;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.s3bulkrestore.model.JobLogContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * One tick of the progress monitor (DESIGN §4, §6): for each active job (at most
 * {@link Settings#maxJobsPerTick()}, as the {@link TickBudget} allows), finish the submission of a job a crash
 * left SUBMITTING, follow its batch job (cancelling it when the user asked to cancel or a worker asked the job to
 * fail), read its completion report once, reconcile pending objects with S3 when they stall or the deadline
 * passed, and publish what {@link DecideNotification} decides, then record it. Work that grows with a job's size
 * (reconciliation pages, results report parts) goes on while the budget allows and resumes next tick; the TTL
 * on a finished job's items is one page per tick.
 *
 * <p>Every ending is exact and final: the terminal notification goes out once the results report is complete,
 * with the counts of that report, and the job keeps those counts ({@link MonitoredJobStore#finish}), so the
 * message, the report and the job agree forever, whatever restores complete later.
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
     * @param submitGrace      how long a job may stay SUBMITTING before the monitor finishes its submission (longer
     *                         than the API function's timeout, so a request still running is not raced)
     */
    public record Settings(int progressStepPercent, int stallMinutes, int reconcilePageSize, int retentionDays,
                           int maxJobsPerTick, int reportPartBytes, Duration submitGrace) {

        /** Members read per ledger page while filling a report part. */
        static final int REPORT_PAGE = 1_000;
        /** A guess at a report row's size, to size the pages read for a part. */
        static final int ROW_BYTES_GUESS = 64;

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
    private final RestoreLedger ledger;
    private final BatchOperations batch;
    private final CompletionReports completionReports;
    private final RestoreStatusChecker restoreStatus;
    private final ResultsReports results;
    private final Notifier notifier;
    private final Clock clock;
    private final Settings settings;
    private final DecideNotification rule;
    private final MarkTasksFailed markTasksFailed;
    private final SubmitJob submitJob;
    private final JobObjects objects;
    private final AwaitConfirmation awaiting;
    private final FollowUpRestores followUps;

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
        this.followUps = followUps;
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.batch = new GroupedBatchOperations(Objects.requireNonNull(batch, "batch"));
        this.completionReports = new GroupedCompletionReports(
                Objects.requireNonNull(completionReports, "completionReports"), this.batch);
        this.awaiting = awaiting;
        this.restoreStatus = Objects.requireNonNull(restoreStatus, "restoreStatus");
        this.results = Objects.requireNonNull(results, "results");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rule = new DecideNotification(settings.progressStepPercent());
        this.markTasksFailed = new MarkTasksFailed(ledger);
        this.submitJob = Objects.requireNonNull(submitJob, "submitJob");
        this.objects = new JobObjects(submitJob.manifests(), ledger);
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

    private void monitor(ActiveJob active, TickBudget budget) {
        Job job = active.job();
        MonitorState state = active.state();
        JobId id = job.id();
        Instant now = clock.instant();
        if (job.status().isTerminal()) {
            leaveActive(job); // finished and notified: nothing is left to do
            return;
        }
        if (!active.recorded()) {
            registerAgain(job, state);
            return;
        }
        if (job.status() == JobStatus.SUBMITTING && state.failureRequested().isEmpty()
                && state.decidedTerminal().isEmpty()) {
            resumeSubmission(job, now);
            return;
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
            if (job.status() == JobStatus.AWAITING_CONFIRMATION && job.batchJobId() != null
                    && state.notifiedTerminal().isEmpty()) {
                batch.cancel(job.batchJobId()); // it ends unstarted: its batch jobs stop (asking twice is harmless)
            }
            Optional<String> reason = Optional.ofNullable(job.failureReason());
            finishing(reread(id), state, state.decidedTerminal().orElseGet(() ->
                    new Notice.Finish(state.notifiedTerminal().get(), reason)), budget);
            return;
        }
        if (job.status() == JobStatus.AWAITING_CONFIRMATION) {
            if (awaiting == null) {
                LOG.warn("Job {} waits for confirmation, which this monitor does not handle", id);
                return;
            }
            Optional<Notice.Finish> ending = awaiting.step(job); // decided, when present
            if (ending.isPresent()) {
                finishing(reread(id), state, ending.get(), budget);
            }
            return;
        }
        if (job.batchJobId() == null) {
            // a failure was asked for before the batch job existed: nothing to follow, nothing to reconcile
            decideAndAct(job, job.counts(), state, Optional.empty(), List.of(), true, now, budget);
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
        // Read once the manifest is wholly registered: a failed task settles only a registered object, and Batch
        // Operations may finish before ingest does (past the deadline, what is registered is all there is).
        boolean registered = job.total().isPresent() || now.isAfter(job.deadline());
        if (isTerminalBatchStatus(batchStatus) && !state.reportRead() && registered) {
            // A batch at a time while the budget allows; where it stopped is recorded, so a report of millions of
            // failed tasks is read over several ticks, each ending in time.
            BatchJobState finished = described != null ? described : batch.describe(job.batchJobId());
            // A manifest job's first report: the tasks whose code leaves the object's class open are asked about, and
            // its Intelligent-Tiering archive objects are followed up by a second batch job (FollowUpRestores).
            boolean sorting = followUps != null && followUps.applies(job);
            // A batch job that did not complete (cancelled, failed) gets no follow-up: its objects settle by their codes.
            boolean followingUp = sorting && !job.cancelRequested() && state.failureRequested().isEmpty()
                    && "Complete".equals(batchStatus);
            Job reading0 = job;
            long[] position = {state.completionReportHandled()};
            CompletionReports.Reading reading = completionReports.forEachFailedTask(job.batchJobId(), finished,
                    state.completionReportHandled(), tasks -> {
                        List<MarkTasksFailed.FailedTask> settle = sorting
                                ? followUps.sort(reading0, position[0], tasks, followingUp) : tasks;
                        position[0] += tasks.size();
                        markTasksFailed.apply(id, settle);
                        return budget.allowsAnotherStep();
                    });
            if (reading.ended()) {
                if (followingUp && followUps.followUp(job)) {
                    return; // the group runs again: the next tick follows it, and reads the follow-up's report
                }
                jobs.recordReportRead(id);
            } else {
                jobs.recordCompletionReportHandled(id, reading.handled());
                if (!now.isAfter(job.deadline())) {
                    return; // nothing is decided before the whole report is read, unless the deadline is due
                }
            }
        }

        boolean mustStop = job.cancelRequested() || state.failureRequested().isPresent();
        if (mustStop && !isTerminalBatchStatus(batchStatus) && !"Cancelling".equals(batchStatus)) {
            // The user asked to cancel before the batch job existed, or a worker asked the job to fail: stop
            // the batch job from initiating more restores (asking twice is harmless).
            if (batch.cancel(job.batchJobId()) == BatchOperations.CancelOutcome.CANCELLING) {
                LOG.info("Job {}: its batch job {} is being cancelled", id, job.batchJobId());
            }
        }

        job = reread(id);
        boolean finallyReconciled = state.finallyReconciled();
        boolean ending = !state.finallyReconciled() && isEnding(job, state, batchStatus, now);
        JobCounts counts = job.counts();
        if (ending || isStalled(job, batchFinishedAt, now)) {
            Reconciled reconciled = reconcile(job, state, ending, now, budget);
            finallyReconciled = reconciled.finallyReconciled();
            job = reread(id);
            JobCounts counters = job.counts();
            boolean ingested = job.total().isPresent();
            counts = reconciled.exactCounts().filter(exact -> ingested && exact.finished() > counters.finished())
                    .orElse(counters);
        }
        decideAndAct(job, counts, state, Optional.ofNullable(batchStatus), failureReasons, finallyReconciled, now,
                budget);
    }

    /**
     * Decides from the job's state and {@code counts} (its counters, or the exact counts of a reconciliation pass
     * that just read every object) what to publish, and does it.
     */
    private void decideAndAct(Job job, JobCounts counts, MonitorState state, Optional<String> batchStatus,
                              List<String> failureReasons, boolean finallyReconciled, Instant now, TickBudget budget) {
        JobId id = job.id();
        JobSnapshot snapshot = new JobSnapshot(job.status(), job.total(), counts, batchStatus,
                failureReasons, job.cancelRequested(), job.deadline(), state.lastNotifiedStep(),
                state.notifiedTerminal(), finallyReconciled, state.failureRequested(), copies(job));
        Notice notice = rule.decide(snapshot, now);
        switch (notice) {
            case Notice.Progress progress -> {
                PendingNotification staged = PendingNotification.of(id.value(), JobStatus.RESTORING, progress.step());
                if (jobs.stageNotification(id, staged)) {
                    publishStaged(job, staged, Optional.empty(), Optional.empty());
                }
            }
            case Notice.Finish finish -> finishing(job, state, jobs.decideTerminal(id, finish), budget);
            case Notice.IngestIncomplete incomplete ->
                    finishing(job, state, jobs.decideTerminal(id, ingestIncomplete(job, incomplete)), budget);
            case Notice.ReconcileFirst ignored -> LOG.info("Job {} is past its deadline; reconciling first", id);
            case Notice.Nothing ignored -> {
                // nothing new to say
            }
        }
    }

    /**
     * Finishes the submission of a job that has been SUBMITTING for longer than the API could have been working
     * on it (its function died, or queueing its chunks failed). A manifest that can no longer be read, or a batch
     * job Batch Operations rejects, fails the job with the reason, through the same ending as any other job.
     */
    private void resumeSubmission(Job job, Instant now) {
        if (now.isBefore(job.createdAt().plus(settings.submitGrace()))) {
            return; // the API may still be submitting it
        }
        try {
            Job submitted = submitJob.resume(job);
            LOG.info("Job {} was left SUBMITTING; its submission is finished: batch job {}", job.id(),
                    submitted.batchJobId());
        } catch (ServiceException e) {
            boolean givingUp = now.isAfter(job.createdAt().plus(SUBMIT_GIVE_UP));
            if (e.code() == ErrorCode.UPSTREAM_FAILED && !givingUp) {
                throw e; // retried next tick
            }
            LOG.warn("Job {} was left SUBMITTING and cannot be submitted: {}", job.id(), e.getMessage());
            jobs.requestFailure(job.id(), "the job could not be submitted: " + e.getMessage());
        }
    }

    /**
     * A job that was running when the stack was upgraded from tracking version 1: its memberships stayed in the old
     * objects table, so its objects are registered again in this version's records, by ingesting every chunk of its
     * manifest anew. Its chunk summaries are forgotten first, so that nothing ends the job until every chunk is
     * ingested again (as for any job whose ingest is not complete); restores that completed before the upgrade are
     * found by reconciliation, as restores whose events were lost. A job whose ending was decided already keeps it,
     * and its report lists what is registered again by the time it is written. Each step may be repeated.
     */
    private void registerAgain(Job job, MonitorState state) {
        if (job.chunkCount() != null && state.decidedTerminal().isEmpty() && state.notifiedTerminal().isEmpty()) {
            jobs.forgetChunkSummaries(job.id());
            List<Long> every = LongStream.range(0, job.chunkCount()).boxed().toList();
            try {
                submitJob.redriveIngest(job, every);
            } catch (ServiceException e) {
                jobs.requestFailure(job.id(), "its objects could not be registered again after the upgrade of the "
                        + "stack: " + e.getMessage());
            }
        }
        jobs.recordRecorded(job.id());
        LOG.info("Job {} was running when the stack was upgraded: its objects are registered again", job.id());
    }

    /**
     * How long the monitor keeps retrying the submission of a job left SUBMITTING when AWS calls fail (an outage,
     * or a CreateJob that Batch Operations keeps refusing) before it fails the job with the last error.
     */
    static final Duration SUBMIT_GIVE_UP = Duration.ofHours(1);

    /** The ending of a job whose manifest was not wholly ingested by its deadline, naming what is missing. */
    private Notice.Finish ingestIncomplete(Job job, Notice.IngestIncomplete incomplete) {
        List<Long> missing = jobs.chunksWithoutSummary(job.id());
        String chunks = missing.isEmpty() ? "its chunks were never queued"
                : "chunk(s) " + missing.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElseThrow()
                + " of " + job.chunkCount() + " (numbered from 0; see the ingest DLQ) were never ingested: "
                + describeChunks(job, missing);
        return DecideNotification.ingestIncomplete(incomplete, job.deadline(), chunks);
    }

    /** Where the chunks lie in the manifest; if that cannot be read any more, their numbers must do. */
    private String describeChunks(Job job, List<Long> chunks) {
        try {
            return submitJob.describeChunks(job, chunks);
        } catch (RuntimeException e) {
            LOG.warn("Job {}: the chunks of its manifest cannot be described: {}", job.id(), e.toString());
            return "their byte ranges are unknown (the manifest cannot be read as it was)";
        }
    }

    /** Publishes a notification that is in the outbox, then marks it sent. */
    private void publishStaged(Job job, PendingNotification staged, Optional<String> reportUri,
                               Optional<String> reason) {
        publishStaged(job, staged, reportUri, reason, Optional.empty());
    }

    private void publishStaged(Job job, PendingNotification staged, Optional<String> reportUri,
                               Optional<String> reason, Optional<ReportTally> finalCounts) {
        notifier.publish(notification(job, staged, reportUri, reason, finalCounts));
        jobs.recordNotificationSent(job.id(), staged);
    }
    /**
     * Whether the job is about to end otherwise than Complete: past its deadline, a failure was asked for, or its
     * batch job failed or was cancelled and its manifest is wholly ingested (until then such a job waits, see
     * {@link DecideNotification}). It then reconciles once more before it ends.
     */
    private static boolean isEnding(Job job, MonitorState state, String batchStatus, Instant now) {
        boolean batchStopped = "Failed".equals(batchStatus) || "Cancelled".equals(batchStatus);
        return now.isAfter(job.deadline()) || state.failureRequested().isPresent()
                || (batchStopped && job.total().isPresent());
    }

    /**
     * Objects stay pending for longer than the stall threshold after the batch job finished (with the manifest not
     * wholly ingested, the registered objects may be pending too: the job waits for ingest, its events may be lost).
     */
    private boolean isStalled(Job job, Optional<Instant> batchFinishedAt, Instant now) {
        // restores only: the copies still to make are the copy worker's (a lost copy task raises the copy DLQ's alarm)
        boolean pending = job.total().map(total -> job.counts().finished() < total).orElse(true);
        return pending && batchFinishedAt
                .map(finished -> now.isAfter(finished.plus(Duration.ofMinutes(settings.stallMinutes()))))
                .orElse(false);
    }

    /** What a tick's reconciliation did: whether the job is finally reconciled; the exact counts of a whole pass. */
    private record Reconciled(boolean finallyReconciled, Optional<JobCounts> exactCounts) {
    }

    /**
     * Checks the job's pending objects against S3 a page of its manifest at a time, while the budget allows (at
     * least one page), and records the restores it finds on their records, as an event would. Before an ending
     * ({@code ending}) the job counts as finally reconciled once a pass ended, or, past the deadline, after one
     * budgeted attempt, so Timeout goes out within two ticks of the deadline whatever the job's size (what the
     * attempt did not reach is reported missing). A pass that ended has read every object of the job: its counts
     * are exact, and decide the job even if its counters lag.
     */
    private Reconciled reconcile(Job job, MonitorState state, boolean ending, Instant now, TickBudget budget) {
        // The last pass before an ending starts from the first line (objects registered since a stall pass went
        // by, a redriven chunk's, must be checked too); its position is kept marked as the final pass's.
        ReconcilePass pass = ReconcilePass.resume(state.reconcileToken(), ending);
        int checked = 0;
        int restored = 0;
        do {
            JobObjects.Page page = objects.page(job, pass.page(), settings.reconcilePageSize());
            Map<ObjectId, RestoreFact> found = new LinkedHashMap<>();
            for (MemberOutcome outcome : page.outcomes()) {
                boolean foundRestored = false;
                if (outcome.settlement() == Membership.Settlement.PENDING) {
                    Optional<RestoreHeader> header = restoreStatus.restoreStatus(outcome.object());
                    if (header.isPresent() && !header.get().ongoing()) {
                        // S3 says when the copy expires, not when it was restored: it is readable now, so it
                        // counts from now
                        found.put(outcome.object(), new RestoreFact(now, header.get().expiry(), Optional.empty()));
                        foundRestored = true;
                    }
                    checked++;
                }
                pass = pass.counting(outcome, foundRestored);
            }
            if (!found.isEmpty()) {
                ledger.recordRestores(found);
                restored += found.size();
            }
            pass = pass.at(page.nextPageToken());
            jobs.recordReconcilePass(job.id(), pass.ended() ? Optional.empty() : Optional.of(pass.encoded()), false);
        } while (!pass.ended() && budget.allowsAnotherStep());
        // Past the deadline one attempt is all there is (Timeout is due); any other ending waits for a whole pass.
        boolean reconciled = state.finallyReconciled() || (ending && (pass.ended() || now.isAfter(job.deadline())));
        if (reconciled) {
            jobs.recordReconcilePass(job.id(), Optional.empty(), true);
        }
        LOG.info("Reconciled {} pending objects of job {}: {} found restored; pass ended: {}", checked, job.id(),
                restored, pass.ended());
        return new Reconciled(reconciled, pass.ended() ? Optional.of(pass.seen()) : Optional.empty());
    }

    /**
     * Finishes a job whose terminal status is decided: write the results report, a part at a time while the
     * budget allows (until it is complete), then stage, publish and record the terminal notification naming the
     * report and carrying its counts, then give the job its terminal status and those counts. Its items get their
     * TTL on the following ticks.
     */
    private void finishing(Job job, MonitorState state, Notice.Finish decision, TickBudget budget) {
        ReportProgress report = state.report();
        if (state.notifiedTerminal().isEmpty()) {
            while (!report.isComplete()) {
                ReportProgress before = report;
                report = writeOnePart(job, report);
                if (report.equals(before) || (!report.isComplete() && !budget.allowsAnotherStep())) {
                    return; // the notification goes out once the report is complete
                }
            }
        }
        Notice.Finish decided = DecideNotification.settled(decision, report.tally());
        if (state.notifiedTerminal().isEmpty()) {
            PendingNotification terminal = PendingNotification.of(job.id().value(), decided.status(), 100);
            boolean staged = state.outbox().map(terminal::equals).orElse(false) || jobs.stageNotification(job.id(), terminal);
            if (!staged) {
                return; // another tick got there first; it sends it
            }
            publishStaged(job, terminal, report.uri(), decided.reason(), Optional.of(report.tally()));
        }
        Instant now = clock.instant();
        jobs.finish(job.id(), decided.status(), decided.reason(), report.uri(), report.tally(), expiry(now));
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
        if (report.allPartsWritten()) {
            return completeUpload(id, report); // a tick stopped after the last part, or after completing
        }
        String uploadId = report.uploadId().get();
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        if (report.nextPart() == 1) {
            part.writeBytes(ReportCsv.header(copies(job)).getBytes(StandardCharsets.UTF_8));
        }
        Optional<String> cursor = report.cursor();
        boolean last = false;
        int rows = 0;
        ReportTally tally = ReportTally.NONE;
        do { // at least one page a part: an empty cursor after a part must mean "no more", never "not begun"
            // read about as many rows as the part still has room for (rows average ~64 bytes), so it
            // overshoots its size by little
            long room = Math.max(0, settings.reportPartBytes() - part.size());
            int limit = (int) Math.max(1, Math.min(Settings.REPORT_PAGE, room / Settings.ROW_BYTES_GUESS + 1));
            JobObjects.Page page = objects.page(job, cursor, limit);
            Optional<CopySpec> copy = job.request().copyValue();
            for (MemberOutcome outcome : page.outcomes()) {
                ReportRow row = row(outcome, copy);
                part.writeBytes(ReportCsv.line(row).getBytes(StandardCharsets.UTF_8));
                tally = tally.with(row.kind(), outcome.countedCopy());
                rows++;
            }
            cursor = page.nextPageToken();
            if (cursor.isEmpty()) {
                last = true;
                break;
            }
        } while (part.size() < settings.reportPartBytes());
        if (part.size() > 0 || report.nextPart() == 1) {
            results.writePart(id, uploadId, report.nextPart(), part.toByteArray()); // (an empty last page: no part)
        }
        // Recorded before the upload is completed: the tally must be that of the parts S3 holds, so a tick that
        // stops after completing finds every part written and only completes again (which is idempotent).
        ReportProgress next = report.partWritten(cursor, tally);
        boolean recorded = jobs.recordReportProgress(id, report, next);
        LOG.info("Results report of job {}: part {} with {} rows{}", id, report.nextPart(), rows,
                last ? ", the last" : "");
        if (!recorded) {
            return report;
        }
        return last ? completeUpload(id, next) : next;
    }

    /** Completes the upload whose every part is written, and records its URI. */
    private ReportProgress completeUpload(JobId id, ReportProgress written) {
        ReportProgress completed = written.completed(results.complete(id, written.uploadId().orElseThrow()));
        return jobs.recordReportProgress(id, written, completed) ? completed : written;
    }

    private static ReportRow row(MemberOutcome outcome, Optional<CopySpec> copy) {
        ReportRow row = row(outcome);
        return copy.isEmpty() ? row : row.withCopy(ReportRow.CopyColumns.of(outcome, copy.get()));
    }

    private static ReportRow row(MemberOutcome outcome) {
        return switch (outcome.settlement()) {
            case CREDITED -> new ReportRow(outcome.object(), outcome.restoredBeforeJob()
                    ? ReportRow.Kind.ALREADY_RESTORED : ReportRow.Kind.RESTORED, "");
            case FAILED -> new ReportRow(outcome.object(), ReportRow.Kind.FAILED, outcome.errorCode().orElse(""));
            case SKIPPED -> new ReportRow(outcome.object(), ReportRow.Kind.NOT_ARCHIVED, outcome.errorCode().orElse(""));
            case PENDING -> new ReportRow(outcome.object(), ReportRow.Kind.MISSING, "no restore completion seen");
        };
    }

    /**
     * Takes a finished job out of the active index: its object records, chunk summaries and counters got their TTL
     * when they were written, and the job item when it finished.
     */
    private void leaveActive(Job job) {
        jobs.leaveActive(job.id());
        LOG.info("Job {} leaves the active index", job.id());
    }

    private Instant expiry(Instant now) {
        return now.plus(Duration.ofDays(settings.retentionDays()));
    }

    /**
     * The notification for a job: a Restoring one with the job's live counts; a terminal one with the counts of
     * its complete results report ({@code finalCounts}), which the job keeps from then on.
     */
    private JobNotification notification(Job job, PendingNotification staged, Optional<String> reportUri,
                                         Optional<String> reason, Optional<ReportTally> finalCounts) {
        JobStatus status = staged.status();
        int percent;
        JobCounts counts;
        Optional<Long> total;
        Optional<Long> pending;
        if (finalCounts.isPresent()) {
            ReportTally tally = finalCounts.get();
            counts = tally.counts();
            total = Optional.of(tally.total());
            pending = Optional.of(tally.missing());
            percent = tally.total() == 0 ? 100 : (int) (counts.finished(copies(job)) * 100 / tally.total());
        } else {
            counts = job.counts();
            total = job.total();
            pending = total.map(t -> Math.max(0, t - counts.finished(copies(job))));
            percent = job.progressPercent().orElse(0);
        }
        Optional<JobNotification.Copies> copied = copies(job)
                ? Optional.of(new JobNotification.Copies(counts.copied(), counts.copyFailed()))
                : Optional.empty();
        return new JobNotification(staged.notificationId(), job.id().value(), job.batchJobId(), status, percent,
                counts.failed(), job.request().clientTagValue(), total, counts.restored(), counts.skipped(), pending,
                job.request().tier().name(), reportUri, clock.instant(), reason, copied);
    }

    private static boolean copies(Job job) {
        return job.request().copyValue().isPresent();
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
