package io.s3bulkrestore.copy;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.ObjectRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which copies a batch of object record changes calls for (DESIGN §1, copy-after-restore): an object that became
 * restored for a job that copies, with no copy recorded, is one task. The same stream the counts come from
 * triggers the copies, so an object is copied as soon as it counts restored, however that happened (its restore
 * event, reconciliation, a registration that found it restored). A change that leaves an object waiting for its
 * copy as it was before (another job's membership written on the same record) calls for nothing new.
 */
public final class CopyTriggers {

    private CopyTriggers() {
    }

    /** The tasks of these changes, in stream order, each job's in job order. */
    public static List<CopyTask> of(List<ObjectChange> changes) {
        List<CopyTask> tasks = new ArrayList<>();
        for (ObjectChange change : changes) {
            if (change.after().isEmpty()) {
                continue; // deleted by its TTL
            }
            ObjectRecord after = change.after().get();
            after.memberships().keySet().stream().sorted(Comparator.comparing(JobId::value)).forEach(job -> {
                boolean awaits = after.outcome(job).map(MemberOutcome::awaitsCopy).orElse(false);
                boolean awaitedBefore = change.before().flatMap(record -> record.outcome(job))
                        .map(MemberOutcome::awaitsCopy).orElse(false);
                if (awaits && !awaitedBefore) {
                    tasks.add(new CopyTask(job, after.object()));
                }
            });
        }
        return tasks;
    }
}
