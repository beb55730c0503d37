package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.SourceStorageClass;

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

    /**
     * Creates (or, for the same job and class seen before, finds again) the Batch Operations job that selects the
     * source's objects of one storage class with the manifest generator, writes them as a manifest, and waits for
     * confirmation (ConfirmationRequired) before it restores them. The job id and the class make the idempotency
     * token.
     *
     * @return the Batch Operations job id
     */
    String createSourceJob(Job job, SourceStorageClass storageClass);

    /**
     * Creates (or, for the same job seen before, finds again) the follow-up batch job of a manifest job: it restores
     * the Intelligent-Tiering archive objects its first batch job could not (that one sent them a number of days,
     * which they refuse), listed in {@code manifest} (an inventory manifest.json, see
     * {@link FollowUpManifests}), with the job's tier and no number of days, reporting where the first one does. The
     * job id and a fixed suffix make the idempotency token.
     *
     * @return the Batch Operations job id
     */
    String createFollowUpJob(Job job, ManifestLocation manifest);

    /**
     * Lets a job that waits for confirmation run (UpdateJobStatus to Ready). Asking again for a job that already
     * runs or ran is harmless.
     */
    void confirm(String batchJobId);

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
