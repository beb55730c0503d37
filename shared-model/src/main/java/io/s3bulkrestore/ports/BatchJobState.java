package io.s3bulkrestore.ports;

import java.util.List;
import java.util.Optional;

/**
 * What DescribeJob says about a Batch Operations job.
 *
 * @param status         the Batch Operations status
 * @param failureReasons the job-level failure reasons, if it failed
 * @param reportPrefix   where the completion report is written, when one was requested
 * @param generatedManifest where the manifest generator wrote the objects it selected (its manifest.json), once it
 *                          has (a job created with a manifest generator and manifest output)
 */
public record BatchJobState(
        BatchStatus status,
        long totalTasks,
        long succeededTasks,
        long failedTasks,
        List<String> failureReasons,
        Optional<String> reportBucket,
        Optional<String> reportPrefix,
        Optional<ObjectLocation> generatedManifest) {

    /** A bucket and key. */
    public record ObjectLocation(String bucket, String key) {
    }

    /** A job with no generated manifest. */
    public BatchJobState(BatchStatus status, long totalTasks, long succeededTasks, long failedTasks,
                         List<String> failureReasons, Optional<String> reportBucket, Optional<String> reportPrefix) {
        this(status, totalTasks, succeededTasks, failedTasks, failureReasons, reportBucket, reportPrefix,
                Optional.empty());
    }

    /** Waiting for confirmation (ConfirmationRequired): its tasks are counted, none has run. */
    public boolean awaitsConfirmation() {
        return status.awaitsConfirmation();
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }
}
