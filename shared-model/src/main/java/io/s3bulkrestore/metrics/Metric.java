package io.s3bulkrestore.metrics;

/**
 * The figures the stack reports to CloudWatch, each by the function that knows it (README "Operate"). None has a job
 * id as a dimension: a job's own figures are in its log lines and in {@code GET /jobs/{id}}.
 */
public enum Metric {
    /** ApiFunction: a POST /jobs that created a job (not an idempotent replay). */
    JOBS_CREATED("JobsCreated", Unit.COUNT),
    /** IngestFunction: manifest chunks registered. */
    MANIFEST_CHUNKS_INGESTED("ManifestChunksIngested", Unit.COUNT),
    /** IngestFunction: chunks sent back to the queue because the invocation had no time left for them. */
    MANIFEST_CHUNKS_REQUEUED("ManifestChunksRequeued", Unit.COUNT),
    /** IngestFunction: chunk messages reported failed (retried by SQS, then the ingest DLQ). */
    MANIFEST_CHUNKS_FAILED("ManifestChunksFailed", Unit.COUNT),
    /** RestoreEventFunction: restore events received (any kind). */
    RESTORE_EVENTS_RECEIVED("RestoreEventsReceived", Unit.COUNT),
    /** RestoreEventFunction: completed restores recorded on object records (versionless twins included). */
    RESTORES_RECORDED("RestoresRecorded", Unit.COUNT),
    /** RestoreEventFunction: messages sent back to the queue for lack of time. */
    RESTORE_EVENT_MESSAGES_REQUEUED("RestoreEventMessagesRequeued", Unit.COUNT),
    /** RestoreEventFunction: messages reported failed (malformed, or could not be applied). */
    RESTORE_EVENT_MESSAGES_FAILED("RestoreEventMessagesFailed", Unit.COUNT),
    /** TallyFunction: stream records read. */
    TALLY_RECORDS("TallyRecords", Unit.COUNT),
    /** TallyFunction: objects that became restored for a job (a restore event matched a job's object). */
    OBJECTS_RESTORED_FOR_JOBS("ObjectsRestoredForJobs", Unit.COUNT),
    /** TallyFunction: how old the oldest stream record of the batch was when it was counted. */
    TALLY_LAG("TallyLagSeconds", Unit.SECONDS),
    /** TallyFunction: restored objects of jobs that copy, queued for their copy. */
    COPIES_QUEUED("CopiesQueued", Unit.COUNT),
    /** CopyFunction: objects copied and recorded. */
    OBJECTS_COPIED("ObjectsCopied", Unit.COUNT),
    /** CopyFunction: copies that failed for good (or found the restored copy expired), recorded with their code. */
    COPIES_FAILED("CopiesFailed", Unit.COUNT),
    /** CopyFunction: copy tasks sent back to the queue to be tried again (throttling, S3 errors). */
    COPIES_RETRIED("CopiesRetried", Unit.COUNT),
    /** MonitorFunction: active jobs looked at in the tick. */
    JOBS_LOOKED_AT("JobsLookedAt", Unit.COUNT),
    /** MonitorFunction: jobs looked at whose deadline has passed without a terminal status (should be 0). */
    JOBS_PAST_DEADLINE("JobsPastDeadline", Unit.COUNT),
    /** MonitorFunction: HeadObjects asking an object's restore status (reconciliation). */
    RESTORE_STATUS_CHECKS("RestoreStatusChecks", Unit.COUNT),
    /** MonitorFunction: job notifications published to the topic. */
    NOTIFICATIONS_PUBLISHED("NotificationsPublished", Unit.COUNT),
    /** MonitorFunction: jobs that ended, by their terminal status. */
    JOBS_COMPLETE("JobsComplete", Unit.COUNT),
    JOBS_FAILED("JobsFailed", Unit.COUNT),
    JOBS_CANCELLED("JobsCancelled", Unit.COUNT),
    JOBS_TIMED_OUT("JobsTimedOut", Unit.COUNT);

    /** CloudWatch's unit names. */
    public enum Unit {
        COUNT("Count"), SECONDS("Seconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;

    Metric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The name in CloudWatch (namespace {@code S3BulkRestore}). */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }
}
