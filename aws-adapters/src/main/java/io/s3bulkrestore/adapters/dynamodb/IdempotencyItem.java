package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code IDEMPOTENCY#<key>} / {@code IDEMPOTENCY} item of the JobsTable: a client's Idempotency-Key
 * claimed by one job. Written in the same transaction as the job, so it never exists without it.
 */
final class IdempotencyItem {

    static final String PREFIX = "IDEMPOTENCY#";
    static final String SK = "IDEMPOTENCY";
    static final String JOB_ID = "jobId";
    /** {@link io.s3bulkrestore.model.CreateJobRequest#fingerprint()} of the request that claimed the key. */
    static final String FINGERPRINT = "fingerprint";
    static final String CREATED_AT = "createdAt";

    private IdempotencyItem() {
    }

    static Map<String, AttributeValue> key(String idempotencyKey) {
        return Map.of(TableDesign.PK, AttributeValue.fromS(PREFIX + idempotencyKey),
                TableDesign.SK, AttributeValue.fromS(SK));
    }

    static Map<String, AttributeValue> toItem(Job job) {
        return Map.of(
                TableDesign.PK, AttributeValue.fromS(PREFIX + job.idempotencyKey()),
                TableDesign.SK, AttributeValue.fromS(SK),
                JOB_ID, AttributeValue.fromS(job.id().value()),
                FINGERPRINT, AttributeValue.fromS(job.request().fingerprint()),
                CREATED_AT, AttributeValue.fromS(JobItem.instant(job.createdAt())));
    }

    /** The job holding the key, from an item read back (empty when the item is empty or has no job id). */
    static Optional<JobId> jobIdOf(Map<String, AttributeValue> item) {
        AttributeValue jobId = item == null ? null : item.get(JOB_ID);
        return jobId == null || jobId.s() == null ? Optional.empty() : Optional.of(new JobId(jobId.s()));
    }
}
