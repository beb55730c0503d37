package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settles as failed the memberships of objects whose Batch Operations task failed (from the completion
 * report), through the same exactly-once path as crediting: each counts once into the job's
 * {@code failed}, and not at all if it was restored first. Safe to replay.
 */
public final class MarkTasksFailed {

    private static final Logger LOG = LoggerFactory.getLogger(MarkTasksFailed.class);

    private final RestoreLedger ledger;
    private final Clock clock;

    public MarkTasksFailed(RestoreLedger ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One failed task of the batch job: the object and the error code from the completion report. */
    public record FailedTask(ObjectId object, String errorCode) {

        public FailedTask {
            Objects.requireNonNull(object, "object");
            if (errorCode == null || errorCode.isBlank()) {
                throw new IllegalArgumentException("a failed task needs an error code");
            }
        }
    }

    /** Marks the tasks failed; returns how many memberships this call settled as failed. */
    public int apply(JobId job, List<FailedTask> tasks) {
        Map<String, List<ObjectId>> byErrorCode = new LinkedHashMap<>();
        for (FailedTask task : tasks) {
            byErrorCode.computeIfAbsent(task.errorCode(), code -> new ArrayList<>()).add(task.object());
        }
        int failed = 0;
        for (Map.Entry<String, List<ObjectId>> group : byErrorCode.entrySet()) {
            failed += ledger.markFailed(job, group.getValue(), group.getKey(), clock.instant());
        }
        LOG.info("Marked {} of {} failed tasks of job {} as failed", failed, tasks.size(), job);
        return failed;
    }
}
