package io.s3bulkrestore.adapters.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the progress monitor reads from its environment, read once at init.
 *
 * @param jobsTable           JobsTable name (active jobs index, counters, chunk summaries)
 * @param objectsTable        ObjectsTable name (pending memberships for reconciliation and reports)
 * @param topicArn            the SNS topic bulk notifications are published to
 * @param reportBucket        where Batch Operations completion reports are read and results reports written
 * @param accountId           the account that owns the Batch Operations jobs (DescribeJob)
 * @param progressStepPercent a Restoring notification each time progress crosses a multiple of this
 * @param stallMinutes        how long pending objects may stay pending after the batch job finished
 *                            before the monitor checks them against S3
 * @param reconcilePageSize   pending objects checked against S3 per job per tick at most
 * @param retentionDays       days job and object items are kept after a job finishes (DynamoDB TTL)
 * @param maxJobsPerTick      active jobs one tick looks at, at most
 * @param batchRoleArn        the role Batch Operations assumes, for a submission the monitor finishes
 * @param ingestQueueUrl      where the monitor queues the chunks of a submission it finishes
 * @param chunkBytes          the size of one manifest chunk, as the API plans them
 * @param chatTopicArn        the topic Amazon Q Developer in chat applications reads job notifications from, in its
 *                            custom notification format; empty when chat delivery is off
 * @param deadlineFactor      as the API's: a confirmed job's deadline, when the monitor starts it
 * @param quoteExpiryDays     how many days a quote waits for confirmation before its job is cancelled
 */
public record MonitorFunctionConfig(
        String jobsTable,
        String objectsTable,
        String topicArn,
        String reportBucket,
        String accountId,
        int progressStepPercent,
        int stallMinutes,
        int reconcilePageSize,
        int retentionDays,
        int maxJobsPerTick,
        String batchRoleArn,
        String ingestQueueUrl,
        long chunkBytes,
        Optional<String> chatTopicArn,
        double deadlineFactor,
        int quoteExpiryDays) {

    public static final String CHAT_TOPIC_ARN = "CHAT_TOPIC_ARN";
    public static final String PROGRESS_STEP_PERCENT = "PROGRESS_STEP_PERCENT";
    public static final String STALL_MINUTES = "STALL_MINUTES";
    public static final String RECONCILE_PAGE_SIZE = "RECONCILE_PAGE_SIZE";
    public static final String RETENTION_DAYS = "RETENTION_DAYS";
    public static final String MAX_JOBS_PER_TICK = "MAX_JOBS_PER_TICK";

    public static final String DEFAULT_PROGRESS_STEP_PERCENT = "10";
    public static final String DEFAULT_STALL_MINUTES = "30";
    public static final String DEFAULT_RECONCILE_PAGE_SIZE = "200";
    public static final String DEFAULT_RETENTION_DAYS = "30";
    public static final String DEFAULT_MAX_JOBS_PER_TICK = "50";

    public static final List<String> VARIABLES = List.of(ApiFunctionConfig.JOBS_TABLE, ApiFunctionConfig.OBJECTS_TABLE,
            ApiFunctionConfig.TOPIC_ARN, ApiFunctionConfig.REPORT_BUCKET, ApiFunctionConfig.ACCOUNT_ID,
            PROGRESS_STEP_PERCENT, STALL_MINUTES, RECONCILE_PAGE_SIZE, RETENTION_DAYS, MAX_JOBS_PER_TICK,
            ApiFunctionConfig.BATCH_ROLE_ARN, ApiFunctionConfig.INGEST_QUEUE_URL, ApiFunctionConfig.MANIFEST_CHUNK_BYTES,
            CHAT_TOPIC_ARN, ApiFunctionConfig.DEADLINE_FACTOR, ApiFunctionConfig.QUOTE_EXPIRY_DAYS);

    public static MonitorFunctionConfig fromEnv(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        return new MonitorFunctionConfig(
                reader.required(ApiFunctionConfig.JOBS_TABLE),
                reader.required(ApiFunctionConfig.OBJECTS_TABLE),
                reader.required(ApiFunctionConfig.TOPIC_ARN),
                reader.required(ApiFunctionConfig.REPORT_BUCKET),
                reader.required(ApiFunctionConfig.ACCOUNT_ID),
                (int) reader.positiveNumber(PROGRESS_STEP_PERCENT, DEFAULT_PROGRESS_STEP_PERCENT),
                (int) reader.positiveNumber(STALL_MINUTES, DEFAULT_STALL_MINUTES),
                (int) reader.positiveNumber(RECONCILE_PAGE_SIZE, DEFAULT_RECONCILE_PAGE_SIZE),
                (int) reader.positiveNumber(RETENTION_DAYS, DEFAULT_RETENTION_DAYS),
                (int) reader.positiveNumber(MAX_JOBS_PER_TICK, DEFAULT_MAX_JOBS_PER_TICK),
                reader.required(ApiFunctionConfig.BATCH_ROLE_ARN),
                reader.required(ApiFunctionConfig.INGEST_QUEUE_URL),
                (long) reader.positiveNumber(ApiFunctionConfig.MANIFEST_CHUNK_BYTES, ApiFunctionConfig.DEFAULT_CHUNK_BYTES),
                Optional.ofNullable(reader.optional(CHAT_TOPIC_ARN, null)),
                reader.positiveNumber(ApiFunctionConfig.DEADLINE_FACTOR, ApiFunctionConfig.DEFAULT_DEADLINE_FACTOR),
                ApiFunctionConfig.quoteExpiryDays(reader));
    }
}
