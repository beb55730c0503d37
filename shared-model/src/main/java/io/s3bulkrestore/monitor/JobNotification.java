package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One bulk notification about a job (DESIGN §4). Its id is {@code <jobId>:<status>:<step>}, so the same
 * notification published again after a crash carries the same id.
 *
 * @param skippedObjects objects that were not archived (nothing to restore), counted apart from failures
 * @param copies         for a job that copies: how many restored objects were copied, and how many copies failed
 */
public record JobNotification(
        String notificationId,
        String jobId,
        String batchJobId,
        JobStatus status,
        int progressPercent,
        long failedObjects,
        Optional<String> clientTag,
        Optional<Long> totalObjects,
        long restoredObjects,
        long skippedObjects,
        Optional<Long> pendingObjects,
        String tier,
        Optional<String> reportUri,
        Instant timestamp,
        Optional<String> reason,
        Optional<Copies> copies) {

    /** The copy counts of a job that copies ({@code CopiedObjects}, {@code CopyFailedObjects}). */
    public record Copies(long copied, long failed) {
    }

    /** A notification of a job that does not copy. */
    public JobNotification(String notificationId, String jobId, String batchJobId, JobStatus status,
                           int progressPercent, long failedObjects, Optional<String> clientTag,
                           Optional<Long> totalObjects, long restoredObjects, long skippedObjects,
                           Optional<Long> pendingObjects, String tier, Optional<String> reportUri, Instant timestamp,
                           Optional<String> reason) {
        this(notificationId, jobId, batchJobId, status, progressPercent, failedObjects, clientTag, totalObjects,
                restoredObjects, skippedObjects, pendingObjects, tier, reportUri, timestamp, reason, Optional.empty());
    }

    public JobNotification {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(clientTag, "clientTag");
        Objects.requireNonNull(totalObjects, "totalObjects");
        Objects.requireNonNull(pendingObjects, "pendingObjects");
        Objects.requireNonNull(reportUri, "reportUri");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(copies, "copies");
    }

    public static String idOf(String jobId, JobStatus status, int step) {
        return jobId + ":" + status.displayName() + ":" + step;
    }
}
