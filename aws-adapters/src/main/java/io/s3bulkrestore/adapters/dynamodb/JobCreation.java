package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.RetryBackoff;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.ports.JobStore.CreateOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * How {@link DynamoDbJobStore#create} records a job: one TransactWriteItems of the {@link JobItem} and, when it has
 * one, its {@link IdempotencyItem}, both conditional on not existing yet. A key claimed before is an outcome (the job
 * that holds it); a conflict with a concurrent transaction on the same key is retried a few times.
 */
final class JobCreation {

    /** The store's logger: these are its log lines. */
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbJobStore.class);

    /** Concurrent transactions on the same Idempotency-Key can be cancelled with TransactionConflict. */
    private static final int CREATE_ATTEMPTS = 5;
    /** 20 ms before the second attempt, doubling. */
    private static final RetryBackoff CONFLICT_BACKOFF = new RetryBackoff(Duration.ofMillis(20), Duration.ofSeconds(1));
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private final JobsTable table;
    private final Function<JobId, Optional<Job>> find;

    /** @param find how the key's holder is read once the transaction names it */
    JobCreation(JobsTable table, Function<JobId, Optional<Job>> find) {
        this.table = table;
        this.find = find;
    }

    CreateOutcome create(Job job) {
        for (int attempt = 1; ; attempt++) {
            try {
                table.client().transactWriteItems(createRequest(job, attempt));
                LOG.debug("job {} recorded", job.id());
                return new CreateOutcome.Created(job);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() > 1 && CONDITIONAL_CHECK_FAILED.equals(reasons.get(1).code())) {
                    return new CreateOutcome.KeyAlreadyUsed(holderOf(job.idempotencyKey(), reasons.get(1)));
                }
                if (!reasons.isEmpty() && CONDITIONAL_CHECK_FAILED.equals(reasons.get(0).code())) {
                    throw new IllegalStateException("job id " + job.id() + " is already recorded");
                }
                boolean conflict = reasons.stream().anyMatch(r -> TRANSACTION_CONFLICT.equals(r.code()));
                if (!conflict || attempt == CREATE_ATTEMPTS) {
                    throw DynamoDbFailures.upstream("TransactWriteItems", e);
                }
                LOG.info("recording job {} conflicted with another transaction (attempt {}); retrying", job.id(),
                        attempt);
                CONFLICT_BACKOFF.sleepBefore(attempt + 1, "a conflicting transaction");
            } catch (IdempotentParameterMismatchException e) {
                // The token of this id and attempt was used within 10 minutes for a different job.
                throw new IllegalStateException("job id " + job.id() + " was recorded before with other values", e);
            } catch (SdkException e) {
                throw DynamoDbFailures.upstream("TransactWriteItems", e);
            }
        }
    }

    /**
     * The transaction that records a job. Each attempt has its own ClientRequestToken, derived from the
     * table and the job id, so that the SDK's own retry of an attempt that did commit is not mistaken for a
     * second job. (DynamoDB remembers tokens for 10 minutes across the account's tables.)
     */
    private TransactWriteItemsRequest createRequest(Job job, int attempt) {
        List<TransactWriteItem> writes = new ArrayList<>(2);
        writes.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table.name())
                .item(JobItem.toItem(job))
                .conditionExpression(JobsTable.notYetWritten())
                .build()).build());
        if (job.idempotencyKey() != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table.name())
                    .item(IdempotencyItem.toItem(job))
                    .conditionExpression(JobsTable.notYetWritten())
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build());
        }
        String token = UUID.nameUUIDFromBytes((table.name() + "/" + job.id().value() + "#" + attempt)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return TransactWriteItemsRequest.builder().transactItems(writes).clientRequestToken(token).build();
    }

    /** The job that holds an Idempotency-Key, from the key item returned by the cancelled transaction. */
    private Job holderOf(String idempotencyKey, CancellationReason reason) {
        Optional<JobId> holder = IdempotencyItem.jobIdOf(reason.hasItem() ? reason.item() : null);
        if (holder.isEmpty()) {
            // Not every DynamoDB returns the old item in a cancellation reason: read it.
            holder = IdempotencyItem.jobIdOf(readIdempotencyItem(idempotencyKey));
        }
        JobId jobId = holder.orElseThrow(() -> new IllegalStateException(
                "Idempotency-Key item " + idempotencyKey + " has no job id"));
        return find.apply(jobId).orElseThrow(() -> new IllegalStateException("Idempotency-Key " + idempotencyKey
                + " is held by job " + jobId + ", which is not recorded; they are written in one transaction"));
    }

    private Map<String, AttributeValue> readIdempotencyItem(String idempotencyKey) {
        return table.call("GetItem", db -> db.getItem(b -> b.tableName(table.name())
                .key(IdempotencyItem.key(idempotencyKey)).consistentRead(true)).item());
    }

}
