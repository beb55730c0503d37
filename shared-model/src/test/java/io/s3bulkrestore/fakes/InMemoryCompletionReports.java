package io.s3bulkrestore.fakes;

import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.CompletionReports;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    @Override
    public synchronized void forEachFailedTask(String batchJobId, BatchJobState state, Consumer<List<FailedTask>> batches) {
        reads++;
        List<FailedTask> tasks = failedByBatchJob.getOrDefault(batchJobId, List.of());
        if (!tasks.isEmpty()) {
            batches.accept(List.copyOf(tasks));
        }
    }
}
