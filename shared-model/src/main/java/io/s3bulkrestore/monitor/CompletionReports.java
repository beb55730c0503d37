package io.s3bulkrestore.monitor;

import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;

import java.util.List;
import java.util.function.Predicate;

/** Batch Operations completion reports (manifest.json and result CSVs, AWS's format). */
public interface CompletionReports {

    /**
     * Hands the failed tasks of the batch job's report to {@code batches}, a bounded batch at a time, in the
     * report's order, skipping the first {@code skip} (handled by an earlier call), for as long as
     * {@code batches} returns true. A batch job whose state names no report has none: nothing is handed over,
     * and the report has ended.
     */
    Reading forEachFailedTask(String batchJobId, BatchJobState state, long skip, Predicate<List<FailedTask>> batches);

    /**
     * Where a reading stopped.
     *
     * @param handled failed tasks handed over so far, the skipped ones included: the next call skips as many
     * @param ended   every failed task of the report was handed over
     */
    record Reading(long handled, boolean ended) {
    }
}
