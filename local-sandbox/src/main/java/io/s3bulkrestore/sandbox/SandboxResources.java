package io.s3bulkrestore.sandbox;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.config.CopyFunctionConfig;
import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.config.TallyFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code template.yaml} creates, created on the emulators with the same roles: the two tables, the report
 * bucket, the ingest and restore-event queues with their dead-letter queues and redrive, the notification
 * topic, and in EVENTBRIDGE routing mode the rule that sends the allowed buckets' restore events to the queue.
 * The functions' environments carry the same variables the template gives them; only the values differ.
 *
 * <p>Visibility timeouts are shorter than the template's (which are six times a function timeout of up to
 * 15 minutes), so a failed message comes back within seconds here; maxReceiveCount is the template's default.
 */
public record SandboxResources(String jobsTable, String objectsTable, String reportBucket, Queue ingestQueue,
                               Queue restoreEventsQueue, String topicArn, List<String> allowedBuckets,
                               RoutingMode routing, Optional<String> restoreEventsRuleArn, Queue copyQueue) {

    public static final String PREFIX = "s3-bulk-restore-";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String BATCH_ROLE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":role/" + PREFIX + "batch-operations";
    public static final int MAX_RECEIVE_COUNT = 5;
    public static final int INGEST_VISIBILITY_SECONDS = 60;
    public static final int RESTORE_EVENTS_VISIBILITY_SECONDS = 20;
    public static final int COPY_VISIBILITY_SECONDS = 10;
    /** The template's CopyQueue maxReceiveCount: more than CopyMaxAttempts' largest value. */
    public static final int COPY_MAX_RECEIVE_COUNT = 10;
    /**
     * The copy worker's multipart threshold and part size here: S3's smallest part (5 MiB), so an object of a few
     * MiB is copied in parts, as one of many GiB is in AWS (the template's default is 5 GiB).
     */
    public static final long COPY_MULTIPART_BYTES = 5L * 1024 * 1024;

    /** A queue and its dead-letter queue. */
    public record Queue(String url, String arn, String deadLetterUrl, String deadLetterArn) {
    }

    /**
     * @param eventBridgeEndpoint where EventBridge answers (moto), for the rule of the EVENTBRIDGE mode
     */
    public static SandboxResources create(AwsClients clients, List<String> allowedBuckets, RoutingMode routing,
                                          URI eventBridgeEndpoint) {
        String jobs = PREFIX + "jobs";
        String objects = PREFIX + "objects";
        TableDesign.createIfMissing(clients.dynamoDb(), jobs, objects);

        String reportBucket = PREFIX + "reports";
        createBucket(clients, reportBucket);
        for (String bucket : allowedBuckets) {
            createBucket(clients, bucket);
        }
        Queue ingest = queue(clients, PREFIX + "ingest", INGEST_VISIBILITY_SECONDS, MAX_RECEIVE_COUNT);
        Queue restoreEvents = queue(clients, PREFIX + "restore-events", RESTORE_EVENTS_VISIBILITY_SECONDS,
                MAX_RECEIVE_COUNT);
        Queue copies = queue(clients, PREFIX + "copies", COPY_VISIBILITY_SECONDS, COPY_MAX_RECEIVE_COUNT);
        String topicArn = clients.sns().createTopic(b -> b.name(PREFIX + "notifications")).topicArn();
        Optional<String> rule = routing == RoutingMode.EVENTBRIDGE
                ? Optional.of(RestoreEventsRule.create(eventBridgeEndpoint, REGION, allowedBuckets, restoreEvents.arn()))
                : Optional.empty();
        return new SandboxResources(jobs, objects, reportBucket, ingest, restoreEvents, topicArn,
                List.copyOf(allowedBuckets), routing, rule, copies);
    }

    static void createBucket(AwsClients clients, String bucket) {
        try {
            clients.s3().createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // created by an earlier call: fine
        }
    }

    private static Queue queue(AwsClients clients, String name, int visibilitySeconds, int maxReceiveCount) {
        var sqs = clients.sqs();
        String deadLetterUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String deadLetterArn = arnOf(clients, deadLetterUrl);
        String redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        return new Queue(url, arnOf(clients, url), deadLetterUrl, deadLetterArn);
    }

    private static String arnOf(AwsClients clients, String queueUrl) {
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    // ---- the functions' environments, variable for variable as template.yaml sets them ----

    public Map<String, String> apiEnvironment(int manifestChunkBytes) {
        Map<String, String> env = common();
        env.put(ApiFunctionConfig.JOBS_TABLE, jobsTable);
        env.put(ApiFunctionConfig.OBJECTS_TABLE, objectsTable);
        env.put(ApiFunctionConfig.ALLOWED_BUCKETS, String.join(",", allowedBuckets));
        env.put(ApiFunctionConfig.REPORT_BUCKET, reportBucket);
        env.put(ApiFunctionConfig.BATCH_ROLE_ARN, BATCH_ROLE_ARN);
        env.put(ApiFunctionConfig.ACCOUNT_ID, ACCOUNT_ID);
        env.put(ApiFunctionConfig.TOPIC_ARN, topicArn);
        env.put(ApiFunctionConfig.DEADLINE_FACTOR, ApiFunctionConfig.DEFAULT_DEADLINE_FACTOR);
        env.put(ApiFunctionConfig.INGEST_QUEUE_URL, ingestQueue.url());
        env.put(ApiFunctionConfig.MANIFEST_CHUNK_BYTES, Integer.toString(manifestChunkBytes));
        return env;
    }

    /** The ingest worker's, with the routing mode the sandbox runs (the template's RoutingMode parameter). */
    public Map<String, String> ingestEnvironment() {
        Map<String, String> env = common();
        env.put(ApiFunctionConfig.JOBS_TABLE, jobsTable);
        env.put(ApiFunctionConfig.OBJECTS_TABLE, objectsTable);
        env.put(ApiFunctionConfig.ALLOWED_BUCKETS, String.join(",", allowedBuckets));
        env.put(IngestFunctionConfig.ROUTING_MODE, routing.name());
        env.put(IngestFunctionConfig.RESTORE_EVENTS_QUEUE_ARN, restoreEventsQueue.arn());
        env.put(ApiFunctionConfig.INGEST_QUEUE_URL, ingestQueue.url());
        env.put(MonitorFunctionConfig.RETENTION_DAYS, MonitorFunctionConfig.DEFAULT_RETENTION_DAYS);
        return env;
    }

    /** The tally function's (the ObjectsTable stream's consumer). */
    public Map<String, String> tallyEnvironment() {
        Map<String, String> env = common();
        env.put(ApiFunctionConfig.JOBS_TABLE, jobsTable);
        env.put(MonitorFunctionConfig.RETENTION_DAYS, MonitorFunctionConfig.DEFAULT_RETENTION_DAYS);
        env.put(TallyFunctionConfig.COPY_QUEUE_URL, copyQueue.url());
        return env;
    }

    /** The copy worker's (the copy queue's consumer). */
    public Map<String, String> copyEnvironment() {
        Map<String, String> env = common();
        env.put(ApiFunctionConfig.JOBS_TABLE, jobsTable);
        env.put(ApiFunctionConfig.OBJECTS_TABLE, objectsTable);
        env.put(CopyFunctionConfig.COPY_MAX_ATTEMPTS, CopyFunctionConfig.DEFAULT_MAX_ATTEMPTS);
        env.put(CopyFunctionConfig.COPY_MULTIPART_THRESHOLD_BYTES, Long.toString(COPY_MULTIPART_BYTES));
        env.put(CopyFunctionConfig.COPY_PART_SIZE_BYTES, Long.toString(COPY_MULTIPART_BYTES));
        env.put(TallyFunctionConfig.COPY_QUEUE_URL, copyQueue.url());
        return env;
    }

    public Map<String, String> restoreEventEnvironment() {
        Map<String, String> env = common();
        env.put(ApiFunctionConfig.JOBS_TABLE, jobsTable);
        env.put(ApiFunctionConfig.OBJECTS_TABLE, objectsTable);
        env.put(RestoreEventFunctionConfig.RESTORE_EVENTS_QUEUE_URL, restoreEventsQueue.url());
        return env;
    }

    /**
     * The monitor's. STALL_MINUTES is its minimum, 1: moto's S3 notifications (SQS mode) carry no version id, so
     * there objects a manifest names by version are credited by reconciliation, which starts once a finished job
     * stalls. (Its EventBridge events carry the version id.)
     */
    public Map<String, String> monitorEnvironment(int progressStepPercent, int manifestChunkBytes) {
        Map<String, String> env = common();
        env.put(ApiFunctionConfig.JOBS_TABLE, jobsTable);
        env.put(ApiFunctionConfig.OBJECTS_TABLE, objectsTable);
        env.put(ApiFunctionConfig.TOPIC_ARN, topicArn);
        env.put(ApiFunctionConfig.REPORT_BUCKET, reportBucket);
        env.put(ApiFunctionConfig.ACCOUNT_ID, ACCOUNT_ID);
        env.put(MonitorFunctionConfig.PROGRESS_STEP_PERCENT, Integer.toString(progressStepPercent));
        env.put(MonitorFunctionConfig.STALL_MINUTES, "1");
        env.put(MonitorFunctionConfig.RECONCILE_PAGE_SIZE, MonitorFunctionConfig.DEFAULT_RECONCILE_PAGE_SIZE);
        env.put(MonitorFunctionConfig.RETENTION_DAYS, MonitorFunctionConfig.DEFAULT_RETENTION_DAYS);
        env.put(MonitorFunctionConfig.MAX_JOBS_PER_TICK, MonitorFunctionConfig.DEFAULT_MAX_JOBS_PER_TICK);
        env.put(ApiFunctionConfig.BATCH_ROLE_ARN, BATCH_ROLE_ARN);
        env.put(ApiFunctionConfig.INGEST_QUEUE_URL, ingestQueue.url());
        env.put(ApiFunctionConfig.MANIFEST_CHUNK_BYTES, Integer.toString(manifestChunkBytes));
        return env;
    }

    private static Map<String, String> common() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        return env;
    }

    /** Everything a person needs to reach these resources with the AWS CLI or curl. */
    public Map<String, String> describe() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("jobs table", jobsTable);
        names.put("objects table", objectsTable);
        names.put("report bucket", reportBucket);
        names.put("ingest queue", ingestQueue.url());
        names.put("restore events queue", restoreEventsQueue.url());
        names.put("copy queue", copyQueue.url());
        names.put("restore events routing", routing.name()
                + restoreEventsRuleArn.map(rule -> " (rule " + rule + ")").orElse(" (bucket notifications)"));
        names.put("notification topic", topicArn);
        names.put("allowed buckets", String.join(",", allowedBuckets));
        return names;
    }
}
