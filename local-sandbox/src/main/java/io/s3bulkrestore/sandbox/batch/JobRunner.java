package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Takes one job through Batch Operations' life cycle: Preparing (read the manifest and check its ETag, or
 * generate the object list and write it as a manifest), Suspended when confirmation is required (failing after
 * {@link BatchJob#SUSPENSION_LIMIT} unconfirmed), Active (one paced RestoreObject per manifest entry,
 * {@link #TASKS_AT_ONCE} at a time), then Completing/Failing/Cancelling while the completion report is
 * written, and Complete, Failed or Cancelled.
 */
final class JobRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    static final String TASK_FAILURE_RATE = "TaskFailureRateExceeded";
    /**
     * Tasks in flight at once, as Batch Operations runs many: one at a time, a task's round trip to moto
     * (about 18 ms on a loaded 2-core machine) held a 4,000-object job to 55 tasks a second.
     */
    static final int TASKS_AT_ONCE = 4;

    private final BatchJob job;
    private final TaskSourceReader sources;
    private final RestoreInitiator restores;
    private final CompletionReport reports;
    private final double tasksPerSecond;
    private final Clock clock;

    JobRunner(BatchJob job, TaskSourceReader sources, RestoreInitiator restores, CompletionReport reports,
              double tasksPerSecond, Clock clock) {
        this.job = job;
        this.sources = sources;
        this.restores = restores;
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
            tasks = sources.tasksOf(job);
        } catch (ManifestFailure e) {
            LOG.info("batch job {} failed while preparing: {}", job.id(), e.getMessage());
            job.fail(e.code(), e.getMessage());
            return;
        }
        job.prepared(tasks.size());
        if (spec.confirmationRequired()) {
            switch (job.awaitConfirmation()) {
                case CANCELLED -> {
                    job.end(BatchJobStatus.Cancelled);
                    return;
                }
                case EXPIRED -> {
                    LOG.info("batch job {} failed: not confirmed within {}", job.id(), BatchJob.SUSPENSION_LIMIT);
                    return;
                }
                case CONFIRMED -> {
                }
            }
        }
        if (!job.activate()) {
            job.end(BatchJobStatus.Cancelled);
            return;
        }
        LOG.info("batch job {} active: {} tasks at {} tasks/s", job.id(), tasks.size(), tasksPerSecond);

        List<TaskOutcome> outcomes = Collections.synchronizedList(new ArrayList<>(tasks.size()));
        TaskPacer pacer = new TaskPacer(tasksPerSecond);
        Semaphore slots = new Semaphore(TASKS_AT_ONCE);
        ExecutorService workers = Executors.newFixedThreadPool(TASKS_AT_ONCE, runnable -> {
            Thread thread = new Thread(runnable, "batch-emulator-task");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (ObjectId object : tasks) {
                if (!job.mayStartTask()) {
                    break;
                }
                pacer.awaitTurn();
                slots.acquire();
                workers.execute(() -> {
                    try {
                        // Decided under the job's lock: none starts once a recorded outcome tripped the rate.
                        if (job.mayStartTask()) {
                            TaskOutcome outcome = runTask(object, spec.operation());
                            outcomes.add(outcome);
                            job.record(outcome);
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
            slots.acquire(TASKS_AT_ONCE); // every task started has ended
        } finally {
            workers.shutdownNow();
            // Interrupted: let tasks under way end before the job is marked failed, so its counts stay put.
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("batch job {}: tasks still running 30 s after the emulator stopped them", job.id());
            }
        }
        boolean failureRateExceeded = job.failureRateExceeded();

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

    private TaskOutcome runTask(ObjectId object, JobSpec.RestoreOperation operation) {
        try {
            return restores.restore(object, operation);
        } catch (RuntimeException e) {
            LOG.error("task on {} broke down", object, e);
            return TaskOutcome.failed(object, 500, "InternalError", "The emulator could not run the task");
        }
    }
}
