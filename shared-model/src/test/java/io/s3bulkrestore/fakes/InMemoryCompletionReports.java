package io.s3bulkrestore.fakes;

import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.monitor.CompletionReports;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Completion reports a test writes; counts reads. */
public final class InMemoryCompletionReports implements CompletionReports {

    private final Map<String, List<FailedTask>> failedByBatchJob = new HashMap<>();
    private int reads;

    public synchronized void failed(String batchJobId, FailedTask task) {
        failedByBatchJob.computeIfAbsent(batchJobId, id -> new ArrayList<>()).add(task);
    }

    public synchronized int reads() {
        return reads;
    }

    /** Batches of {@link #BATCH} failed tasks, as the S3 adapter hands them over. */
    public static final int BATCH = 500;

    @Override
    public synchronized Reading forEachFailedTask(String batchJobId, BatchJobState state, long skip,
                                                 Predicate<List<FailedTask>> batches) {
        reads++;
        List<FailedTask> tasks = failedByBatchJob.getOrDefault(batchJobId, List.of());
        long handled = skip;
        while (handled < tasks.size()) {
            List<FailedTask> batch = List.copyOf(tasks.subList((int) handled, (int) Math.min(tasks.size(), handled + BATCH)));
            handled += batch.size();
            if (!batches.test(batch)) {
                return new Reading(handled, handled >= tasks.size());
            }
        }
        return new Reading(handled, true);
    }
}
