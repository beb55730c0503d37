package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import io.s3bulkrestore.restore.RestoreHeader;
import io.s3bulkrestore.tracking.JobObjects;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.RestoreFact;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Phase (DESIGN §6): checks a job's pending objects against S3 when they stall after the batch job finished, and
 * always once before an ending other than Complete, so that restores whose events were lost are counted. The
 * restores it finds are recorded on the objects' records, as an event would record them. A pass reads the job's
 * objects a page at a time while the budget allows, its position kept between ticks ({@link ReconcilePass}).
 */
final class Reconcile {

    private static final Logger LOG = LoggerFactory.getLogger(Reconcile.class);

    /**
     * The job after this phase, and the counts to decide it with.
     *
     * @param counts            its counters, or the exact counts of a pass that just read every object
     * @param finallyReconciled the last reconciliation before an ending other than Complete was made
     */
    record Reconciled(Job job, JobCounts counts, boolean finallyReconciled) {
    }

    private final MonitoredJobStore jobs;
    private final RestoreLedger ledger;
    private final JobObjects objects;
    private final RestoreStatusChecker restoreStatus;
    private final int pageSize;
    private final Duration stall;

    Reconcile(MonitoredJobStore jobs, RestoreLedger ledger, JobObjects objects, RestoreStatusChecker restoreStatus,
              int pageSize, Duration stall) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.restoreStatus = Objects.requireNonNull(restoreStatus, "restoreStatus");
        this.pageSize = pageSize;
        this.stall = Objects.requireNonNull(stall, "stall");
    }

    /** Reconciles when the job is about to end or its objects stall; otherwise the job as it is. */
    Reconciled ifDue(Job job, MonitorState state, ReadBatchStatus.Seen batchJob, Instant now, TickBudget budget) {
        boolean ending = !state.finallyReconciled() && isEnding(job, state, batchJob, now);
        if (!ending && !isStalled(job, batchJob, now)) {
            return new Reconciled(job, job.counts(), state.finallyReconciled());
        }
        Pass pass = reconcile(job, state, ending, now, budget);
        Job after = reread(job.id());
        JobCounts counters = after.counts();
        boolean ingested = after.total().isPresent();
        JobCounts counts = pass.exactCounts().filter(exact -> ingested && exact.finished() > counters.finished())
                .orElse(counters);
        return new Reconciled(after, counts, pass.finallyReconciled());
    }

    /**
     * Whether the job is about to end otherwise than Complete: past its deadline, a failure was asked for, or its
     * batch job failed or was cancelled and its manifest is wholly ingested (until then such a job waits, see
     * {@link DecideNotification}). It then reconciles once more before it ends.
     */
    private static boolean isEnding(Job job, MonitorState state, ReadBatchStatus.Seen batchJob, Instant now) {
        return now.isAfter(job.deadline()) || state.failureRequested().isPresent()
                || (batchJob.stopped() && job.total().isPresent());
    }

    /**
     * Objects stay pending for longer than the stall threshold after the batch job finished (with the manifest not
     * wholly ingested, the registered objects may be pending too: the job waits for ingest, its events may be lost).
     */
    private boolean isStalled(Job job, ReadBatchStatus.Seen batchJob, Instant now) {
        // restores only: the copies still to make are the copy worker's (a lost copy task raises the copy DLQ's alarm)
        boolean pending = job.total().map(total -> job.counts().finished() < total).orElse(true);
        return pending && batchJob.finishedAt().map(finished -> now.isAfter(finished.plus(stall))).orElse(false);
    }

    /** What a tick's reconciliation did: whether the job is finally reconciled; the exact counts of a whole pass. */
    private record Pass(boolean finallyReconciled, Optional<JobCounts> exactCounts) {
    }

    /**
     * Checks the job's pending objects against S3 a page of its manifest at a time, while the budget allows (at
     * least one page), and records the restores it finds on their records, as an event would. Before an ending
     * ({@code ending}) the job counts as finally reconciled once a pass ended, or, past the deadline, after one
     * budgeted attempt, so Timeout goes out within two ticks of the deadline whatever the job's size (what the
     * attempt did not reach is reported missing). A pass that ended has read every object of the job: its counts
     * are exact, and decide the job even if its counters lag.
     */
    private Pass reconcile(Job job, MonitorState state, boolean ending, Instant now, TickBudget budget) {
        // The last pass before an ending starts from the first line (objects registered since a stall pass went
        // by, a redriven chunk's, must be checked too); its position is kept marked as the final pass's.
        ReconcilePass pass = ReconcilePass.resume(state.reconcileToken(), ending);
        int checked = 0;
        int restored = 0;
        do {
            JobObjects.Page page = objects.page(job, pass.page(), pageSize);
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
        return new Pass(reconciled, pass.ended() ? Optional.of(pass.seen()) : Optional.empty());
    }

    private Job reread(JobId id) {
        return jobs.find(id).orElseThrow(() -> new IllegalStateException("active job vanished: " + id));
    }
}
