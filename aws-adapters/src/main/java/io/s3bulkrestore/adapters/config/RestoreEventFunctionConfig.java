package io.s3bulkrestore.adapters.config;

import java.util.List;
import java.util.Map;

/**
 * Everything the restore-event function reads from its environment, read once at init.
 *
 * @param jobsTable    JobsTable name (counter shards)
 * @param objectsTable ObjectsTable name (object state and job memberships)
 * @param restoreEventsQueueUrl RestoreEventsQueue itself: messages a batch has no time left for are sent there again
 */
public record RestoreEventFunctionConfig(String jobsTable, String objectsTable, String restoreEventsQueueUrl) {

    public static final String RESTORE_EVENTS_QUEUE_URL = "RESTORE_EVENTS_QUEUE_URL";

    public static final List<String> VARIABLES = List.of(ApiFunctionConfig.JOBS_TABLE, ApiFunctionConfig.OBJECTS_TABLE,
            RESTORE_EVENTS_QUEUE_URL);

    public static RestoreEventFunctionConfig fromEnv(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        return new RestoreEventFunctionConfig(reader.required(ApiFunctionConfig.JOBS_TABLE),
                reader.required(ApiFunctionConfig.OBJECTS_TABLE), reader.required(RESTORE_EVENTS_QUEUE_URL));
    }
}
