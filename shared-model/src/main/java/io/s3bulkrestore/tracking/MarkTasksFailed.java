package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settles the memberships of objects whose Batch Operations task failed (from the completion report), each
 * as its error code says ({@link TaskErrorCode}): a restore already in progress stays pending, an object that
 * is not archived is skipped, any other code is a failure. A restore fact wins over a failed task: an object
 * whose restore completed is credited instead. Everything goes through the ledger's exactly-once settling, so
 * each object counts once and replaying is safe.
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

    /** What one batch of failed tasks did to the job's memberships. */
    public record Settled(int failed, int skipped, int credited, int stillPending) {
    }

    /** Settles the tasks' memberships; returns how many this call settled, and how. */
    public Settled apply(JobId job, List<FailedTask> tasks) {
        Instant now = clock.instant();
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
        int credited = creditRestored(job, failedByCode, now);
        int failed = 0;
        for (Map.Entry<String, List<ObjectId>> group : failedByCode.entrySet()) {
            failed += ledger.markFailed(job, group.getValue(), group.getKey(), now);
        }
        int skipped = 0;
        for (Map.Entry<String, List<ObjectId>> group : skippedByCode.entrySet()) {
            skipped += ledger.markSkipped(job, group.getValue(), group.getKey(), now);
        }
        Settled settled = new Settled(failed, skipped, credited, stillPending);
        LOG.info("Settled {} failed tasks of job {}: {} failed, {} not archived, {} restored after all, "
                + "{} still restoring", tasks.size(), job, failed, skipped, credited, stillPending);
        return settled;
    }

    /**
     * Credits the objects among {@code failedByCode} whose restore completed (their task failed, yet a restore
     * is there: a retry or an overlapping job restored them) and takes them out of the map.
     */
    private int creditRestored(JobId job, Map<String, List<ObjectId>> failedByCode, Instant now) {
        if (failedByCode.isEmpty()) {
            return 0;
        }
        List<ObjectId> all = failedByCode.values().stream().flatMap(List::stream).toList();
        Map<ObjectId, ObjectState> states = ledger.statesOf(all);
        List<ObjectId> withRestore = all.stream()
                .filter(object -> states.containsKey(object) && states.get(object).isRestored()).toList();
        if (withRestore.isEmpty()) {
            return 0; // the usual case: no membership read at all
        }
        // Only a restore that completed after the job was created counts for it (Membership#countsRestoreCompletedAt)
        Map<ObjectId, List<Membership>> memberships = ledger.membershipsOf(withRestore);
        List<ObjectId> restored = withRestore.stream()
                .filter(object -> memberships.getOrDefault(object, List.of()).stream().anyMatch(m -> m.job().equals(job)
                        && m.countsRestoreCompletedAt(states.get(object).restoredAt())))
                .toList();
        if (restored.isEmpty()) {
            return 0;
        }
        failedByCode.values().forEach(objects -> objects.removeAll(restored));
        failedByCode.values().removeIf(List::isEmpty);
        return ledger.credit(job, restored, now);
    }
}
