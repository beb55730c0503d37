package io.s3bulkrestore.tally;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.ObjectRecord;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one record change means for each job that lists the object: the difference between how the object
 * stood for the job before and after ({@link ObjectRecord#outcome}). A record that disappears is one the store
 * deleted by its TTL, after every job that listed it ended: it changes no count.
 */
public final class JobDeltas {

    private JobDeltas() {
    }

    /** The non-zero deltas of one change, by job in job order. */
    public static Map<JobId, CountDelta> of(ObjectChange change) {
        Map<JobId, CountDelta> deltas = new TreeMap<>(Comparator.comparing(JobId::value));
        if (change.after().isEmpty()) {
            return deltas;
        }
        ObjectRecord after = change.after().get();
        Optional<ObjectRecord> before = change.before();
        Set<JobId> jobs = new HashSet<>(after.memberships().keySet());
        before.ifPresent(record -> jobs.addAll(record.memberships().keySet()));
        for (JobId job : jobs) {
            CountDelta delta = counted(after, job).plus(before.map(record -> counted(record, job))
                    .orElse(CountDelta.ZERO).negated());
            if (!delta.isZero()) {
                deltas.put(job, delta);
            }
        }
        return deltas;
    }

    /**
     * The counts one record adds to a job: one registered, one more in its settlement's counter and, while it counts
     * restored for a job that copies, one in its copy result's counter.
     */
    private static CountDelta counted(ObjectRecord record, JobId job) {
        return record.outcome(job).map(outcome -> {
            Settlement settlement = outcome.settlement();
            Optional<CopyResult> copy = outcome.countedCopy();
            return new CountDelta(1, settlement == Settlement.CREDITED ? 1 : 0, settlement == Settlement.FAILED ? 1 : 0,
                    settlement == Settlement.SKIPPED ? 1 : 0, copy.filter(CopyResult::isCopied).isPresent() ? 1 : 0,
                    copy.filter(result -> !result.isCopied()).isPresent() ? 1 : 0);
        }).orElse(CountDelta.ZERO);
    }
}
