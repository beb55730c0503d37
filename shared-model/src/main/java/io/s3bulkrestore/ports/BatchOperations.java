package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;

import java.util.Optional;

/** S3 Batch Operations, as far as restore jobs need it. */
public interface BatchOperations {

    /**
     * Creates (or, for a job id seen before, finds again) the Batch Operations job that initiates a
     * restore of every object in the job's manifest. The job id is the idempotency token.
     *
     * @param csvColumns the columns of a CSV manifest; empty for an inventory manifest
     * @return the Batch Operations job id
     */
    String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns);

    BatchJobState describe(String batchJobId);

    /** Asks Batch Operations to stop initiating restores. */
    CancelOutcome cancel(String batchJobId);

    enum CancelOutcome {
        /** The batch job is cancelled or cancelling. */
        CANCELLING,
        /** The batch job had already finished; nothing was left to cancel. */
        ALREADY_FINISHED
    }
}
