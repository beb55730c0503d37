package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which messages of an invoked batch succeeded, judged as Lambda's SQS event source mapping does.
 *
 * <p>Without ReportBatchItemFailures a returning function succeeded with the whole batch, whatever it
 * returned. With it: no response, or no or an empty {@code batchItemFailures} list, is a complete success;
 * a failure entry that is null, has an empty or null {@code itemIdentifier}, or names a message that is
 * not in the batch makes the whole batch fail; otherwise exactly the listed messages failed. A function
 * that throws fails the whole batch either way.
 *
 * @param succeeded         message ids to delete from the queue
 * @param failed            message ids left on the queue to come back after its visibility timeout
 * @param totalFailureCause why the whole batch failed, when it did
 */
record BatchOutcome(List<String> succeeded, List<String> failed, Optional<String> totalFailureCause) {

    static BatchOutcome judge(List<String> messageIds, SQSBatchResponse response, boolean reportBatchItemFailures) {
        if (!reportBatchItemFailures || response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return new BatchOutcome(List.copyOf(messageIds), List.of(), Optional.empty());
        }
        Set<String> inBatch = Set.copyOf(messageIds);
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty()) {
                return allFailed(messageIds, "a batchItemFailures entry has no itemIdentifier");
            }
            if (!inBatch.contains(id)) {
                return allFailed(messageIds, "batchItemFailures names " + id + ", which is not in the batch");
            }
            failed.add(id);
        }
        return new BatchOutcome(
                messageIds.stream().filter(id -> !failed.contains(id)).toList(),
                messageIds.stream().filter(failed::contains).toList(),
                Optional.empty());
    }

    static BatchOutcome allFailed(List<String> messageIds, String cause) {
        return new BatchOutcome(List.of(), List.copyOf(messageIds), Optional.of(cause));
    }
}
