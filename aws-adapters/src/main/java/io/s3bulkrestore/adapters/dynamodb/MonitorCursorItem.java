package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The progress monitor's round cursor, the {@code MONITOR} / {@code CURSOR} item of the JobsTable: the job the last
 * tick looked at last. An item without a job id means "from the oldest", so the cursor is always one PutItem and
 * never needs a DeleteItem permission.
 */
final class MonitorCursorItem {

    static final Map<String, AttributeValue> KEY = Map.of(
            TableDesign.PK, AttributeValue.fromS("MONITOR"), TableDesign.SK, AttributeValue.fromS("CURSOR"));
    static final String JOB_ID = "jobId";

    private MonitorCursorItem() {
    }

    static Map<String, AttributeValue> toItem(Optional<JobId> lastLookedAt) {
        Map<String, AttributeValue> item = new HashMap<>(KEY);
        lastLookedAt.ifPresent(job -> item.put(JOB_ID, AttributeValue.fromS(job.value())));
        return item;
    }

    /** The job an item read back names (empty when there is no item, or it names none). */
    static Optional<JobId> jobIdOf(Map<String, AttributeValue> item) {
        return item == null || !item.containsKey(JOB_ID) ? Optional.empty()
                : Optional.of(new JobId(item.get(JOB_ID).s()));
    }
}
