package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.ports.BatchStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the monitor knows about one active job at one tick: everything {@link DecideNotification} decides
 * from, and nothing else.
 *
 * @param totalObjects         distinct objects in the manifest, once ingestion has finished
 * @param batchStatus          the Batch Operations status last seen
 * @param batchFailureReasons  Batch Operations' reasons when it failed
 * @param lastNotifiedStep     the progress step (percent) last published, or -1 before the first
 * @param notifiedTerminal     the terminal status already published, if any
 * @param finallyReconciled    whether pending objects were checked against S3 once the job was to end otherwise
 *                             than Complete (past the deadline, batch job failed or cancelled, failure asked for)
 * @param failureRequested     why a worker asked for the job to fail, if one did
 * @param copies               whether the job copies its objects once restored: then an object is settled once
 *                             its copy is made or failed, not when it is restored
 */
public record JobSnapshot(
        JobStatus status,
        Optional<Long> totalObjects,
        JobCounts counts,
        Optional<BatchStatus> batchStatus,
        List<String> batchFailureReasons,
        boolean cancelRequested,
        Instant deadline,
        int lastNotifiedStep,
        Optional<JobStatus> notifiedTerminal,
        boolean finallyReconciled,
        Optional<String> failureRequested,
        boolean copies) {

    public JobSnapshot {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(totalObjects, "totalObjects");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(batchStatus, "batchStatus");
        batchFailureReasons = List.copyOf(batchFailureReasons);
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(notifiedTerminal, "notifiedTerminal");
        Objects.requireNonNull(failureRequested, "failureRequested");
        notifiedTerminal.ifPresent(terminal -> {
            if (!terminal.isTerminal()) {
                throw new IllegalArgumentException("not a terminal status: " + terminal);
            }
        });
    }

    /** No failure requested. */
    public JobSnapshot(JobStatus status, Optional<Long> totalObjects, JobCounts counts, Optional<BatchStatus> batchStatus,
                       List<String> batchFailureReasons, boolean cancelRequested, Instant deadline,
                       int lastNotifiedStep, Optional<JobStatus> notifiedTerminal, boolean finallyReconciled) {
        this(status, totalObjects, counts, batchStatus, batchFailureReasons, cancelRequested, deadline,
                lastNotifiedStep, notifiedTerminal, finallyReconciled, Optional.empty());
    }

    /** A job that does not copy. */
    public JobSnapshot(JobStatus status, Optional<Long> totalObjects, JobCounts counts, Optional<BatchStatus> batchStatus,
                       List<String> batchFailureReasons, boolean cancelRequested, Instant deadline,
                       int lastNotifiedStep, Optional<JobStatus> notifiedTerminal, boolean finallyReconciled,
                       Optional<String> failureRequested) {
        this(status, totalObjects, counts, batchStatus, batchFailureReasons, cancelRequested, deadline,
                lastNotifiedStep, notifiedTerminal, finallyReconciled, failureRequested, false);
    }

    /** Objects that need nothing more (for a job that copies: restored and copied, or their copy failed). */
    public long finished() {
        return counts.finished(copies);
    }

    /**
     * Percent of objects settled (restored, failed or skipped; for a job that copies, its restored objects only
     * once copied or their copy failed), rounded down; empty while the total is unknown.
     */
    public Optional<Integer> percent() {
        return totalObjects.map(total -> total == 0 ? 100 : (int) (Math.min(finished(), total) * 100 / total));
    }
}
