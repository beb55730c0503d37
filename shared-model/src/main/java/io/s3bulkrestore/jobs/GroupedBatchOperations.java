package io.s3bulkrestore.jobs;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Batch Operations for jobs of several batch jobs ({@link BatchJobIds}): a group is described, cancelled and confirmed
 * as one, so the monitor follows one user job whatever number of batch jobs restores it. A single id passes through.
 *
 * <p>The group's status: while any batch job is not terminal, "Cancelling" if one is, else the first such one's status;
 * once all are terminal, "Failed" if one failed, else "Cancelled" if one was cancelled, else "Complete". Task counts
 * add up; failure reasons name their batch job.
 */
public final class GroupedBatchOperations implements BatchOperations {

    private final BatchOperations each;

    public GroupedBatchOperations(BatchOperations each) {
        this.each = each;
    }

    @Override
    public String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns) {
        return each.createRestoreJob(job, csvColumns);
    }

    @Override
    public String createSourceJob(Job job, SourceStorageClass storageClass) {
        return each.createSourceJob(job, storageClass);
    }

    @Override
    public String createFollowUpJob(Job job, io.s3bulkrestore.model.ManifestLocation manifest) {
        return each.createFollowUpJob(job, manifest);
    }

    @Override
    public void confirm(String batchJobIds) {
        for (String id : BatchJobIds.split(batchJobIds)) {
            each.confirm(id);
        }
    }

    @Override
    public BatchJobState describe(String batchJobIds) {
        if (!BatchJobIds.isGroup(batchJobIds)) {
            return each.describe(batchJobIds);
        }
        List<BatchJobState> states = new ArrayList<>();
        for (String id : BatchJobIds.split(batchJobIds)) {
            states.add(each.describe(id));
        }
        return combine(BatchJobIds.split(batchJobIds), states);
    }

    static BatchJobState combine(List<String> ids, List<BatchJobState> states) {
        long total = 0;
        long succeeded = 0;
        long failed = 0;
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            BatchJobState state = states.get(i);
            total += state.totalTasks();
            succeeded += state.succeededTasks();
            failed += state.failedTasks();
            for (String reason : state.failureReasons()) {
                reasons.add("batch job " + ids.get(i) + ": " + reason);
            }
        }
        BatchJobState first = states.get(0);
        return new BatchJobState(statusOf(states), total, succeeded, failed, reasons, first.reportBucket(),
                first.reportPrefix());
    }

    private static BatchStatus statusOf(List<BatchJobState> states) {
        List<BatchJobState> running = states.stream().filter(state -> !state.isTerminal()).toList();
        if (!running.isEmpty()) {
            return running.stream().anyMatch(state -> state.status() == BatchStatus.CANCELLING)
                    ? BatchStatus.CANCELLING : running.get(0).status();
        }
        if (states.stream().anyMatch(state -> state.status() == BatchStatus.FAILED)) {
            return BatchStatus.FAILED;
        }
        if (states.stream().anyMatch(state -> state.status() == BatchStatus.CANCELLED)) {
            return BatchStatus.CANCELLED;
        }
        return BatchStatus.COMPLETE;
    }

    /** Cancels every batch job of the group; CANCELLING when any of them was still running. */
    @Override
    public CancelOutcome cancel(String batchJobIds) {
        CancelOutcome outcome = CancelOutcome.ALREADY_FINISHED;
        for (String id : BatchJobIds.split(batchJobIds)) {
            if (each.cancel(id) == CancelOutcome.CANCELLING) {
                outcome = CancelOutcome.CANCELLING;
            }
        }
        return outcome;
    }
}
