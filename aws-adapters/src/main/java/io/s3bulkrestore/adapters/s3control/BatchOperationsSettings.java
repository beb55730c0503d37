package io.s3bulkrestore.adapters.s3control;

import io.s3bulkrestore.adapters.config.ApiFunctionConfig;

import java.util.Objects;

/**
 * What every Batch Operations job of this stack shares.
 *
 * @param accountId    the account that owns the jobs (sent as {@code x-amz-account-id})
 * @param roleArn      the role Batch Operations assumes to read the manifest, restore objects and write reports
 * @param reportBucket the bucket (name, not ARN) completion reports are written to
 * @param reportPrefix the prefix under which each job's report goes, in a folder named after our job id
 */
public record BatchOperationsSettings(String accountId, String roleArn, String reportBucket, String reportPrefix) {

    public static final String DEFAULT_REPORT_PREFIX = "batch-reports";

    public BatchOperationsSettings {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(reportBucket, "reportBucket");
        Objects.requireNonNull(reportPrefix, "reportPrefix");
        // A trailing slash would make "prefix//job-id" keys.
        while (reportPrefix.endsWith("/")) {
            reportPrefix = reportPrefix.substring(0, reportPrefix.length() - 1);
        }
        if (reportPrefix.isEmpty()) {
            throw new IllegalArgumentException("reportPrefix must not be empty");
        }
    }

    public BatchOperationsSettings(String accountId, String roleArn, String reportBucket) {
        this(accountId, roleArn, reportBucket, DEFAULT_REPORT_PREFIX);
    }

    public static BatchOperationsSettings from(ApiFunctionConfig config) {
        return new BatchOperationsSettings(config.accountId(), config.batchRoleArn(), config.reportBucket());
    }
}
