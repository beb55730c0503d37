package io.s3bulkrestore.sandbox.batch;

import java.util.List;
import java.util.Optional;

/**
 * A CreateJob request as the emulator keeps it: the parts of the S3 Control job descriptor it acts on
 * and echoes back in DescribeJob. Records compare by value, which is how a retried CreateJob with the
 * same ClientRequestToken is told apart from a conflicting one.
 *
 * @param source the job's objects: a manifest the caller wrote, or a manifest generator over a bucket
 *               (CreateJob takes exactly one of {@code Manifest} and {@code ManifestGenerator})
 */
record JobSpec(
        String accountId,
        String clientRequestToken,
        boolean confirmationRequired,
        int priority,
        String roleArn,
        String description,
        RestoreOperation operation,
        TaskSource source,
        ReportSpec report,
        List<Tag> tags) {

    static final String CSV_FORMAT = "S3BatchOperations_CSV_20180820";
    static final String INVENTORY_FORMAT = "S3InventoryReport_CSV_20161130";
    static final String REPORT_FORMAT = "Report_CSV_20180820";

    /** S3InitiateRestoreObject: the retrieval tier, and days for Glacier (absent for Intelligent-Tiering). */
    record RestoreOperation(String glacierJobTier, Integer expirationInDays) {
    }

    /** Where a job's tasks come from: {@link ManifestSpec} or {@link ManifestGeneratorSpec}. */
    sealed interface TaskSource permits ManifestSpec, ManifestGeneratorSpec {
    }

    /**
     * @param format   {@link #CSV_FORMAT} or {@link #INVENTORY_FORMAT}
     * @param fields   the CSV columns (Bucket, Key[, VersionId]); empty for inventory reports
     * @param objectArn as sent: {@code arn:aws:s3:::bucket/key}, key not encoded
     */
    record ManifestSpec(String format, List<String> fields, String objectArn, String bucket, String key,
                        String objectVersionId, String etag) implements TaskSource {

        boolean isInventory() {
            return INVENTORY_FORMAT.equals(format);
        }

        boolean hasVersionColumn() {
            return fields.contains("VersionId");
        }
    }

    /**
     * @param bucketArn {@code arn:aws:s3:::bucket}
     * @param scope     AllTasks or FailedTasksOnly
     */
    record ReportSpec(boolean enabled, String bucketArn, String format, String prefix, String scope) {

        Optional<String> bucket() {
            return Optional.ofNullable(bucketArn).map(arn -> arn.substring(arn.lastIndexOf(':') + 1));
        }

        boolean failedTasksOnly() {
            return "FailedTasksOnly".equals(scope);
        }
    }

    record Tag(String key, String value) {
    }
}
