package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Batch Operations whose jobs' states a test sets; counts DescribeJob calls. */
public final class ScriptedBatchOperations implements BatchOperations {

    private final Map<String, BatchJobState> states = new HashMap<>();
    private int describeCalls;

    public synchronized void set(String batchJobId, String status, List<String> failureReasons) {
        states.put(batchJobId, new BatchJobState(status, 0, 0, 0, failureReasons, Optional.of("reports"),
                Optional.of("batch")));
    }

    public synchronized void set(String batchJobId, String status) {
        set(batchJobId, status, List.of());
    }

    public synchronized int describeCalls() {
        return describeCalls;
    }

    @Override
    public String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns) {
        throw new UnsupportedOperationException("the monitor never creates batch jobs");
    }

    @Override
    public synchronized BatchJobState describe(String batchJobId) {
        describeCalls++;
        BatchJobState state = states.get(batchJobId);
        if (state == null) {
            throw new IllegalStateException("no batch job " + batchJobId);
        }
        return state;
    }

    @Override
    public synchronized CancelOutcome cancel(String batchJobId) {
        throw new UnsupportedOperationException("the monitor never cancels");
    }
}
