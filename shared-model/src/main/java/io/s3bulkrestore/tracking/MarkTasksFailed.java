package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settles the memberships of objects whose Batch Operations task failed (from the completion report), each
 * as its error code says ({@link TaskErrorCode}): a restore already in progress stays pending, an object that
 * is not archived is skipped, any other code is a failure. Each is one write on the object's record that
 * settles only a pending membership, so replaying is safe. A restore still wins over a failed task: an object
 * whose record holds a restore that counts for the job is restored, whatever its task said
 * ({@link ObjectRecord#outcome}).
 */
public final class MarkTasksFailed {

    private static final Logger LOG = LoggerFactory.getLogger(MarkTasksFailed.class);

    private final RestoreLedger ledger;

    public MarkTasksFailed(RestoreLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
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

    /** What one batch of failed tasks did to the job's memberships. */
    public record Settled(int failed, int skipped, int stillPending) {
    }

    /** Settles the tasks' memberships; returns how many this call settled, and how. */
    public Settled apply(JobId job, List<FailedTask> tasks) {
        Map<String, List<ObjectId>> failedByCode = new LinkedHashMap<>();
        Map<String, List<ObjectId>> skippedByCode = new LinkedHashMap<>();
        int stillPending = 0;
        for (FailedTask task : tasks) {
            switch (TaskErrorCode.classify(task.errorCode())) {
                case STILL_PENDING -> stillPending++;
                case NOT_ARCHIVED -> skippedByCode.computeIfAbsent(task.errorCode(), c -> new ArrayList<>()).add(task.object());
                case FAILED -> failedByCode.computeIfAbsent(task.errorCode(), c -> new ArrayList<>()).add(task.object());
            }
        }
        int failed = 0;
        for (Map.Entry<String, List<ObjectId>> group : failedByCode.entrySet()) {
            failed += ledger.markFailed(job, group.getValue(), group.getKey());
        }
        int skipped = 0;
        for (Map.Entry<String, List<ObjectId>> group : skippedByCode.entrySet()) {
            skipped += ledger.markSkipped(job, group.getValue(), group.getKey());
        }
        Settled settled = new Settled(failed, skipped, stillPending);
        LOG.info("Settled {} failed tasks of job {}: {} failed, {} not archived, {} still restoring", tasks.size(),
                job, failed, skipped, stillPending);
        return settled;
    }
}
