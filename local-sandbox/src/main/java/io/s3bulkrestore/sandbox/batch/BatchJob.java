package io.s3bulkrestore.sandbox.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One emulated job: its request, status and progress. The HTTP threads read it and request cancellation,
 * the job's runner thread moves it along and its task threads record outcomes, so every access is
 * synchronized and readers get {@link View}s.
 */
final class BatchJob {

    /** AWS: a job fails when more than half of its tasks failed, once at least 1,000 tasks were attempted. */
    static final int FAILURE_THRESHOLD_MIN_TASKS = 1_000;
    /**
     * "If a job remains in the suspended state for over 30 days, it will fail."
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-create-job.html#batch-ops-create-job-response-elements)
     */
    static final Duration SUSPENSION_LIMIT = Duration.ofDays(30);
    /** How often a Suspended job looks at the clock, so a test clock moved past the limit is noticed. */
    private static final long SUSPENSION_CHECK_MILLIS = 200;

    /** FailureCode of a job left unconfirmed past the limit (AWS documents no code for it; the name is ours). */
    static final String SUSPENSION_EXPIRED = "SuspendedJobExpired";

    /** How a wait in Suspended ended. */
    enum Confirmation {
        CONFIRMED, CANCELLED,
        /** Not confirmed within {@link #SUSPENSION_LIMIT}: the job has failed. */
        EXPIRED
    }

    record Failure(String code, String reason) {
    }

    /** An immutable snapshot for DescribeJob and ListJobs. */
    record View(String jobId, JobSpec spec, BatchJobStatus status, String statusUpdateReason, Instant creationTime,
                Instant terminationDate, Long totalTasks, long succeeded, long failed, long activeSeconds,
                List<Failure> failures, Instant suspendedDate, GeneratedManifestWriter.Written generatedManifest) {
    }

    private final String jobId;
    private final JobSpec spec;
    private final Clock clock;
    private final Instant creationTime;

    private BatchJobStatus status = BatchJobStatus.New;
    private String statusUpdateReason;
    private Instant terminationDate;
    private Instant activeSince;
    private Instant suspendedDate;
    private Long totalTasks;
    private long succeeded;
    private long failed;
    private boolean cancelRequested;
    private boolean failureRateExceeded;
    private boolean confirmed;
    private GeneratedManifestWriter.Written generatedManifest;
    private final List<Failure> failures = new ArrayList<>();

    BatchJob(String jobId, JobSpec spec, Clock clock) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.creationTime = clock.instant();
    }

    String id() {
        return jobId;
    }

    JobSpec spec() {
        return spec;
    }

    synchronized View view() {
        long active = activeSince == null ? 0
                : Duration.between(activeSince, terminationDate != null ? terminationDate : clock.instant()).toSeconds();
        return new View(jobId, spec, status, statusUpdateReason, creationTime, terminationDate, totalTasks, succeeded,
                failed, active, List.copyOf(failures), suspendedDate, generatedManifest);
    }

    synchronized BatchJobStatus status() {
        return status;
    }

    // ---- requests from the API ----

    /** @return the status after the request (Cancelling) */
    synchronized BatchJobStatus requestCancel(String reason) {
        if (!status.canBeCancelled()) {
            throw S3ControlError.jobStatus("Job " + jobId + " is " + status + " and can no longer be cancelled");
        }
        cancelRequested = true;
        status = BatchJobStatus.Cancelling;
        statusUpdateReason = reason;
        notifyAll();
        return status;
    }

    /**
     * Confirms a job that waits in Suspended (ConfirmationRequired=true). Only a Suspended job can be confirmed:
     * "After you confirm that you want to run the job, its status changes to Ready", and a job that became Ready
     * "never returns to the Suspended state" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-job-status.html).
     * A job still New or Preparing has nothing to confirm yet.
     */
    synchronized BatchJobStatus confirm(String reason) {
        if (status != BatchJobStatus.Suspended) {
            throw S3ControlError.jobStatus("Job " + jobId + " is " + status + "; only a Suspended job can be made Ready");
        }
        confirmed = true;
        status = BatchJobStatus.Ready;
        statusUpdateReason = reason;
        notifyAll();
        return status;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    // ---- moves made by the runner ----

    synchronized void preparing() {
        moveUnlessCancelling(BatchJobStatus.Preparing);
    }

    synchronized void prepared(long tasks) {
        totalTasks = tasks;
    }

    /** The manifest a ManifestGenerator wrote, for DescribeJob's GeneratedManifestDescriptor. */
    synchronized void manifestGenerated(GeneratedManifestWriter.Written manifest) {
        generatedManifest = manifest;
    }

    /**
     * Waits in Suspended until confirmed, cancelled, or {@link #SUSPENSION_LIMIT} after it was suspended (by the
     * job's clock); in the last case the job fails here, under the lock a confirmation would take.
     */
    synchronized Confirmation awaitConfirmation() throws InterruptedException {
        if (!moveUnlessCancelling(BatchJobStatus.Suspended)) {
            return Confirmation.CANCELLED;
        }
        suspendedDate = clock.instant();
        Instant deadline = suspendedDate.plus(SUSPENSION_LIMIT);
        while (!confirmed && !cancelRequested) {
            if (!clock.instant().isBefore(deadline)) {
                fail(SUSPENSION_EXPIRED, "The job was not confirmed within " + SUSPENSION_LIMIT.toDays()
                        + " days of being suspended");
                return Confirmation.EXPIRED;
            }
            wait(SUSPENSION_CHECK_MILLIS);
        }
        return cancelRequested ? Confirmation.CANCELLED : Confirmation.CONFIRMED;
    }

    synchronized boolean activate() {
        boolean moved = moveUnlessCancelling(BatchJobStatus.Active);
        if (moved) {
            activeSince = clock.instant();
        }
        return moved;
    }

    /**
     * Counts a task. Once the failure rate has exceeded AWS's threshold no task may start (tasks already under
     * way still end and are counted): see {@link #mayStartTask()} and {@link #failureRateExceeded()}.
     */
    synchronized void record(TaskOutcome outcome) {
        if (outcome.succeeded()) {
            succeeded++;
        } else {
            failed++;
        }
        long attempted = succeeded + failed;
        if (attempted >= FAILURE_THRESHOLD_MIN_TASKS && failed * 2 > attempted) {
            failureRateExceeded = true;
        }
    }

    /** Whether one more task may start: not once cancellation was asked for or the failure rate exceeded. */
    synchronized boolean mayStartTask() {
        return !cancelRequested && !failureRateExceeded;
    }

    synchronized boolean failureRateExceeded() {
        return failureRateExceeded;
    }

    synchronized void finishing(BatchJobStatus finishing) {
        if (status != BatchJobStatus.Cancelling) {
            status = finishing;
        }
    }

    synchronized void fail(String code, String reason) {
        failures.add(new Failure(code, reason));
        status = BatchJobStatus.Failed;
        terminationDate = clock.instant();
    }

    /** Ends the job: Cancelled when cancellation was asked for, otherwise the given end state. */
    synchronized void end(BatchJobStatus endState) {
        status = cancelRequested ? BatchJobStatus.Cancelled : endState;
        terminationDate = clock.instant();
    }

    private boolean moveUnlessCancelling(BatchJobStatus next) {
        if (cancelRequested) {
            return false;
        }
        status = next;
        return true;
    }
}
