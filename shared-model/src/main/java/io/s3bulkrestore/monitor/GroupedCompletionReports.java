package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.BatchJobIds;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;

import java.util.List;
import java.util.function.Predicate;

/**
 * The completion reports of a job of several batch jobs ({@link BatchJobIds}), read one after the other as if they
 * were one report. Where a reading stopped is the batch job's place in the group (high bits) and the failed tasks
 * handled in its report (low 40 bits: a report of up to a trillion failed tasks), so a reading of one batch job
 * keeps exactly the position it had. A single id passes through unchanged.
 */
public final class GroupedCompletionReports implements CompletionReports {

    static final int POSITION_BITS = 40;
    private static final long IN_REPORT = (1L << POSITION_BITS) - 1;

    private final CompletionReports each;
    private final BatchOperations batch;

    /**
     * @param batch describes each batch job of a group, for where its report is
     */
    public GroupedCompletionReports(CompletionReports each, BatchOperations batch) {
        this.each = each;
        this.batch = batch;
    }

    @Override
    public Reading forEachFailedTask(String batchJobIds, BatchJobState state, long skip,
                                     Predicate<List<FailedTask>> batches) {
        if (!BatchJobIds.isGroup(batchJobIds)) {
            return each.forEachFailedTask(batchJobIds, state, skip, batches);
        }
        List<String> ids = BatchJobIds.split(batchJobIds);
        int part = (int) (skip >>> POSITION_BITS);
        long inReport = skip & IN_REPORT;
        boolean[] goOn = {true};
        Predicate<List<FailedTask>> watched = tasks -> {
            goOn[0] = batches.test(tasks);
            return goOn[0];
        };
        for (; part < ids.size(); part++) {
            String id = ids.get(part);
            Reading reading = each.forEachFailedTask(id, batch.describe(id), inReport, watched);
            if (!reading.ended()) {
                return new Reading(position(part, reading.handled()), false);
            }
            inReport = 0;
            if (!goOn[0] && part + 1 < ids.size()) {
                return new Reading(position(part + 1, 0), false); // the budget ran out with this report
            }
        }
        return new Reading(position(ids.size(), 0), true);
    }

    /** Where the reading of the group's {@code part}-th batch job's report begins (0 is the first batch job's). */
    public static long startOf(int part) {
        return position(part, 0);
    }

    private static long position(int part, long handled) {
        return ((long) part << POSITION_BITS) | handled;
    }
}
