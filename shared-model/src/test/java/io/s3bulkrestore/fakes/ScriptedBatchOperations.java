package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Batch Operations whose jobs' states a test sets; counts DescribeJob and CreateJob calls, records cancels. */
public final class ScriptedBatchOperations implements BatchOperations {

    private final Map<String, BatchJobState> states = new HashMap<>();
    private final List<String> cancelled = new ArrayList<>();
    private int describeCalls;
    private int createCalls;
    private ServiceException refuseCreates;

    public synchronized void set(String batchJobId, String status, List<String> failureReasons) {
        states.put(batchJobId, new BatchJobState(BatchStatus.of(status), 0, 0, 0, failureReasons, Optional.of("reports"),
                Optional.of("batch")));
    }

    public synchronized void set(String batchJobId, String status) {
        set(batchJobId, status, List.of());
    }

    public synchronized int describeCalls() {
        return describeCalls;
    }

    /**
     * Finds or creates the batch job of this job (the job id is the idempotency token): {@code batch-<jobId>},
     * Active, unless {@link #refuseCreates} was called.
     */
    @Override
    public synchronized String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns) {
        createCalls++;
        if (refuseCreates != null) {
            throw refuseCreates;
        }
        String batchJobId = "batch-" + job.id().value();
        states.putIfAbsent(batchJobId, new BatchJobState(BatchStatus.ACTIVE, 0, 0, 0, List.of(), Optional.empty(),
                Optional.empty()));
        return batchJobId;
    }

    /** Every later CreateJob fails with this. */
    public synchronized void refuseCreates(ServiceException failure) {
        refuseCreates = failure;
    }

    public synchronized int createCalls() {
        return createCalls;
    }

    public synchronized List<String> cancelled() {
        return List.copyOf(cancelled);
    }

    @Override
    public String createSourceJob(Job job, io.s3bulkrestore.model.SourceStorageClass storageClass) {
        throw new UnsupportedOperationException("source jobs are not scripted here: see RecordingBatchOperations");
    }

    @Override
    public String createFollowUpJob(Job job, io.s3bulkrestore.model.ManifestLocation manifest) {
        throw new UnsupportedOperationException("follow-up jobs are not scripted here: see RecordingBatchOperations");
    }

    @Override
    public void confirm(String batchJobId) {
        throw new UnsupportedOperationException("source jobs are not scripted here: see RecordingBatchOperations");
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

    /** Cancels at once: the batch job is Cancelled, unless it had finished (Complete, Failed). */
    @Override
    public synchronized CancelOutcome cancel(String batchJobId) {
        cancelled.add(batchJobId);
        BatchJobState state = states.get(batchJobId);
        if (state == null) {
            throw new IllegalStateException("no batch job " + batchJobId);
        }
        if (state.status().equals("Complete") || state.status().equals("Failed")) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        set(batchJobId, "Cancelled");
        return CancelOutcome.CANCELLING;
    }
}
