package io.s3bulkrestore.adapters.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the API function reads from its environment, read once at init.
 *
 * @param jobsTable       JobsTable name
 * @param objectsTable    ObjectsTable name
 * @param allowedBuckets  buckets whose manifests and objects the stack may use
 * @param reportBucket    where Batch Operations completion reports and our results reports go
 * @param batchRoleArn    the role Batch Operations assumes to restore objects
 * @param accountId       the account that owns the Batch Operations jobs
 * @param topicArn        the SNS topic notifications are published to (returned to the client)
 * @param deadlineFactor  multiple of the slowest documented restore time after which a job times out
 * @param ingestQueueUrl  the queue manifest chunks are sent to for registration
 * @param chunkBytes      the size of one manifest chunk (one ingest message)
 * @param quoteExpiryDays how many days a quote waits for confirmation before its job is cancelled
 * @param copyConcurrency the copy worker's concurrency (CopyConcurrency), which a copy option's expiry is planned by
 * @param copyKmsKeyArn   the KMS key copies may be encrypted with (CopyKmsKeyArn); empty: none
 */
public record ApiFunctionConfig(
        String jobsTable,
        String objectsTable,
        Set<String> allowedBuckets,
        String reportBucket,
        String batchRoleArn,
        String accountId,
        String topicArn,
        double deadlineFactor,
        String ingestQueueUrl,
        long chunkBytes,
        int quoteExpiryDays,
        int copyConcurrency,
        Optional<String> copyKmsKeyArn) {

    public static final String JOBS_TABLE = "JOBS_TABLE";
    public static final String OBJECTS_TABLE = "OBJECTS_TABLE";
    public static final String ALLOWED_BUCKETS = "ALLOWED_BUCKETS";
    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String BATCH_ROLE_ARN = "BATCH_ROLE_ARN";
    public static final String ACCOUNT_ID = "ACCOUNT_ID";
    public static final String TOPIC_ARN = "TOPIC_ARN";
    public static final String DEADLINE_FACTOR = "DEADLINE_FACTOR";
    public static final String INGEST_QUEUE_URL = "INGEST_QUEUE_URL";
    public static final String MANIFEST_CHUNK_BYTES = "MANIFEST_CHUNK_BYTES";
    public static final String QUOTE_EXPIRY_DAYS = "QUOTE_EXPIRY_DAYS";
    public static final String COPY_CONCURRENCY = "COPY_CONCURRENCY";
    public static final String COPY_KMS_KEY_ARN = "COPY_KMS_KEY_ARN";
    /** The template's CopyConcurrency default. */
    public static final String DEFAULT_COPY_CONCURRENCY = "20";

    /** Every variable this function reads (the template contract test checks each is set). */
    public static final List<String> VARIABLES = List.of(JOBS_TABLE, OBJECTS_TABLE, ALLOWED_BUCKETS, REPORT_BUCKET,
            BATCH_ROLE_ARN, ACCOUNT_ID, TOPIC_ARN, DEADLINE_FACTOR, INGEST_QUEUE_URL, MANIFEST_CHUNK_BYTES,
            QUOTE_EXPIRY_DAYS, COPY_CONCURRENCY, COPY_KMS_KEY_ARN);

    public static final String DEFAULT_DEADLINE_FACTOR = "2";
    /** A week to read a quote; Batch Operations itself drops a job left Suspended after 30 days. */
    public static final String DEFAULT_QUOTE_EXPIRY_DAYS = "7";
    public static final int MAX_QUOTE_EXPIRY_DAYS = 29;
    /**
     * 2 MiB, some 25,000 manifest lines: registration is one conditional write per line, so this takes
     * about two minutes of the ingest worker's 900 s.
     */
    public static final String DEFAULT_CHUNK_BYTES = "2097152";

    public static ApiFunctionConfig fromEnv(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        return new ApiFunctionConfig(
                reader.required(JOBS_TABLE),
                reader.required(OBJECTS_TABLE),
                reader.commaSeparated(ALLOWED_BUCKETS),
                reader.required(REPORT_BUCKET),
                reader.required(BATCH_ROLE_ARN),
                reader.required(ACCOUNT_ID),
                reader.required(TOPIC_ARN),
                reader.positiveNumber(DEADLINE_FACTOR, DEFAULT_DEADLINE_FACTOR),
                reader.required(INGEST_QUEUE_URL),
                (long) reader.positiveNumber(MANIFEST_CHUNK_BYTES, DEFAULT_CHUNK_BYTES),
                quoteExpiryDays(reader),
                (int) reader.positiveNumber(COPY_CONCURRENCY, DEFAULT_COPY_CONCURRENCY),
                Optional.ofNullable(reader.optional(COPY_KMS_KEY_ARN, null)));
    }

    /** With the default copy concurrency. */
    public ApiFunctionConfig(String jobsTable, String objectsTable, Set<String> allowedBuckets, String reportBucket,
                             String batchRoleArn, String accountId, String topicArn, double deadlineFactor,
                             String ingestQueueUrl, long chunkBytes, int quoteExpiryDays) {
        this(jobsTable, objectsTable, allowedBuckets, reportBucket, batchRoleArn, accountId, topicArn, deadlineFactor,
                ingestQueueUrl, chunkBytes, quoteExpiryDays, Integer.parseInt(DEFAULT_COPY_CONCURRENCY), Optional.empty());
    }

    static int quoteExpiryDays(EnvironmentReader reader) {
        double days = reader.positiveNumber(QUOTE_EXPIRY_DAYS, DEFAULT_QUOTE_EXPIRY_DAYS);
        if (days != Math.rint(days) || days > MAX_QUOTE_EXPIRY_DAYS) {
            throw new IllegalArgumentException(QUOTE_EXPIRY_DAYS + " must be a whole number of days from 1 to "
                    + MAX_QUOTE_EXPIRY_DAYS + " (Batch Operations drops a job left waiting for confirmation after 30"
                    + " days), got " + days);
        }
        return (int) days;
    }
}
