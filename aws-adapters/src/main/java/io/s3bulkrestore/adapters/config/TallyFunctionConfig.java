package io.s3bulkrestore.adapters.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the tally function reads from its environment, read once at init.
 *
 * @param jobsTable     JobsTable name (the jobs' counters)
 * @param retentionDays days job items are kept after a job finishes; a counter item is kept that long plus
 *                      {@link #JOB_SPAN} after its last write
 * @param copyQueueUrl  the copy queue, where restored objects of jobs that copy are queued; empty: none (a copy
 *                      called for is then an error)
 */
public record TallyFunctionConfig(String jobsTable, int retentionDays, Optional<String> copyQueueUrl) {

    public static final String COPY_QUEUE_URL = "COPY_QUEUE_URL";

    /** Longer than any job runs after the last change of one of its objects: its deadline comes first. */
    public static final Duration JOB_SPAN = Duration.ofDays(30);

    public static final List<String> VARIABLES = List.of(ApiFunctionConfig.JOBS_TABLE, MonitorFunctionConfig.RETENTION_DAYS,
            COPY_QUEUE_URL);

    public static TallyFunctionConfig fromEnv(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        String copyQueue = reader.optional(COPY_QUEUE_URL, "");
        return new TallyFunctionConfig(reader.required(ApiFunctionConfig.JOBS_TABLE),
                (int) reader.positiveNumber(MonitorFunctionConfig.RETENTION_DAYS,
                        MonitorFunctionConfig.DEFAULT_RETENTION_DAYS),
                copyQueue.isBlank() ? Optional.empty() : Optional.of(copyQueue));
    }

    /** How long a counter item is kept after its last write. */
    public Duration counterRetention() {
        return Duration.ofDays(retentionDays).plus(JOB_SPAN);
    }
}
