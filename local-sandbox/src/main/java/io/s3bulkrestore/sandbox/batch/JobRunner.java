package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes one job through Batch Operations' life cycle: Preparing (read the manifest, check its ETag),
 * Suspended when confirmation is required, Active (one paced RestoreObject per manifest entry), then
 * Completing/Failing/Cancelling while the completion report is written, and Complete, Failed or Cancelled.
 */
final class JobRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    static final String MANIFEST_FAILURE = "ManifestFailure";
    static final String TASK_FAILURE_RATE = "TaskFailureRateExceeded";

    private final BatchJob job;
    private final ManifestReader manifests;
    private final RestoreInitiator restores;
    private final RestoreCompleter completer;
    private final CompletionReport reports;
    private final double tasksPerSecond;
    private final Clock clock;

    JobRunner(BatchJob job, ManifestReader manifests, RestoreInitiator restores, RestoreCompleter completer,
              CompletionReport reports, double tasksPerSecond, Clock clock) {
        this.job = job;
        this.manifests = manifests;
        this.restores = restores;
        this.completer = completer;
        this.reports = reports;
        this.tasksPerSecond = tasksPerSecond;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            runJob();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.fail("InternalError", "The emulator stopped while the job was running");
        } catch (RuntimeException e) {
            LOG.error("batch job {} broke down", job.id(), e);
            job.fail("InternalError", "The job could not be run: " + e.getClass().getSimpleName());
        }
    }

    private void runJob() throws InterruptedException {
        JobSpec spec = job.spec();
        job.preparing();
        List<ObjectId> tasks;
        try {
            tasks = manifests.read(spec.manifest());
        } catch (ManifestFailure e) {
            LOG.info("batch job {} failed while preparing: {}", job.id(), e.getMessage());
            job.fail(MANIFEST_FAILURE, e.getMessage());
            return;
        }
        job.prepared(tasks.size());
        if (spec.confirmationRequired() && !job.awaitConfirmation()) {
            job.end(BatchJobStatus.Cancelled);
            return;
        }
        if (!job.activate()) {
            job.end(BatchJobStatus.Cancelled);
            return;
        }
        LOG.info("batch job {} active: {} tasks at {} tasks/s", job.id(), tasks.size(), tasksPerSecond);

        List<TaskOutcome> outcomes = new ArrayList<>(tasks.size());
        TaskPacer pacer = new TaskPacer(tasksPerSecond);
        boolean failureRateExceeded = false;
        for (ObjectId object : tasks) {
            if (job.cancelRequested()) {
                break;
            }
            pacer.awaitTurn();
            TaskOutcome outcome = restores.restore(object, spec.operation());
            outcomes.add(outcome);
            if (outcome.succeeded() && spec.operation().expirationInDays() != null) {
                completer.restoreInitiated(object);
            }
            if (job.record(outcome)) {
                failureRateExceeded = true;
                break;
            }
        }

        job.finishing(failureRateExceeded ? BatchJobStatus.Failing : BatchJobStatus.Completing);
        // AWS writes a report for complete, failed and cancelled jobs once at least one task ran.
        if (spec.report().enabled() && !outcomes.isEmpty()) {
            reports.write(spec.report(), job.id(), outcomes, clock.instant());
        }
        if (failureRateExceeded && !job.cancelRequested()) {
            job.fail(TASK_FAILURE_RATE, "Job failed: more than 50% of the " + outcomes.size()
                    + " tasks attempted failed (the limit applies once " + BatchJob.FAILURE_THRESHOLD_MIN_TASKS
                    + " tasks have run)");
        } else {
            job.end(BatchJobStatus.Complete);
        }
        LOG.info("batch job {} ended {}", job.id(), job.status());
    }
}
