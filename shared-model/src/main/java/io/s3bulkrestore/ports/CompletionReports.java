package io.s3bulkrestore.ports;

import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;

import java.util.List;
import java.util.function.Consumer;

/** Batch Operations completion reports (manifest.json and result CSVs, AWS's format). */
public interface CompletionReports {

    /**
     * Hands the failed tasks of the batch job's report to {@code batches}, a bounded batch at a time.
     * A batch job whose state names no report has none: nothing is handed over.
     */
    void forEachFailedTask(String batchJobId, BatchJobState state, Consumer<List<FailedTask>> batches);
}
