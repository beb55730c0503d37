package io.s3bulkrestore.adapters.config;

import io.s3bulkrestore.adapters.s3.S3NotificationRouting;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything the manifest ingest worker (ManifestChunkHandler) reads from its environment, read once at
 * init.
 *
 * @param jobsTable      JobsTable name (jobs, counter shards, chunk summaries)
 * @param objectsTable   ObjectsTable name (object state and job memberships)
 * @param allowedBuckets buckets whose objects the stack may restore; lines naming others are reported invalid
 * @param routing        how restore events reach the stack: EventBridge (default) or an S3 -> SQS
 *                       configuration targeting the restore events queue
 * @param ingestQueueUrl the IngestQueue itself: chunks a batch has no time left for are queued there again
 * @param retentionDays  days a job's object records are kept after its deadline (their TTL, set at registration)
 */
public record IngestFunctionConfig(String jobsTable, String objectsTable, Set<String> allowedBuckets,
                                   S3NotificationRouting.Mode routing, String ingestQueueUrl, int retentionDays) {

    public static final String ROUTING_MODE = "ROUTING_MODE";
    public static final String RESTORE_EVENTS_QUEUE_ARN = "RESTORE_EVENTS_QUEUE_ARN";

    public static final List<String> VARIABLES = List.of(ApiFunctionConfig.JOBS_TABLE, ApiFunctionConfig.OBJECTS_TABLE,
            ApiFunctionConfig.ALLOWED_BUCKETS, ROUTING_MODE, RESTORE_EVENTS_QUEUE_ARN, ApiFunctionConfig.INGEST_QUEUE_URL,
            MonitorFunctionConfig.RETENTION_DAYS);

    public static IngestFunctionConfig fromEnv(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        String mode = reader.optional(ROUTING_MODE, "EVENTBRIDGE").toUpperCase(Locale.ROOT);
        S3NotificationRouting.Mode routing = switch (mode) {
            case "EVENTBRIDGE" -> new S3NotificationRouting.Mode.EventBridge();
            case "SQS" -> new S3NotificationRouting.Mode.Sqs(reader.required(RESTORE_EVENTS_QUEUE_ARN));
            default -> throw new IllegalStateException("environment variable " + ROUTING_MODE
                    + " must be EVENTBRIDGE or SQS, got '" + mode + "'");
        };
        return new IngestFunctionConfig(reader.required(ApiFunctionConfig.JOBS_TABLE),
                reader.required(ApiFunctionConfig.OBJECTS_TABLE), reader.commaSeparated(ApiFunctionConfig.ALLOWED_BUCKETS),
                routing, reader.required(ApiFunctionConfig.INGEST_QUEUE_URL),
                (int) reader.positiveNumber(MonitorFunctionConfig.RETENTION_DAYS, MonitorFunctionConfig.DEFAULT_RETENTION_DAYS));
    }
}
