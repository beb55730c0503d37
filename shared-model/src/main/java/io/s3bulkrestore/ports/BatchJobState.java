package io.s3bulkrestore.ports;

import java.util.List;
import java.util.Optional;

/**
 * What DescribeJob says about a Batch Operations job.
 *
 * @param status         the Batch Operations status name as AWS spells it ("Active", "Complete", ...)
 * @param failureReasons the job-level failure reasons, if it failed
 * @param reportPrefix   where the completion report is written, when one was requested
 */
public record BatchJobState(
        String status,
        long totalTasks,
        long succeededTasks,
        long failedTasks,
        List<String> failureReasons,
        Optional<String> reportBucket,
        Optional<String> reportPrefix) {

    public boolean isTerminal() {
        return switch (status) {
            case "Complete", "Failed", "Cancelled" -> true;
            default -> false;
        };
    }
}
