package io.s3bulkrestore.sandbox.lambda;

import java.util.Objects;

/**
 * Stream records the function failed on until its retries ran out, skipped so the shard can go on: what
 * Lambda sends to an event source mapping's on-failure destination (its {@code DDBStreamBatchInfo}). The
 * records themselves are not in it, as they are not in Lambda's; they stay readable in the stream for 24 h.
 *
 * @param streamArn           the stream read
 * @param shardId             the shard the records are in
 * @param startSequenceNumber the first record's sequence number
 * @param endSequenceNumber   the last record's sequence number
 * @param batchSize           how many records were skipped
 * @param invokeCount         how many times the function was invoked with exactly these records
 * @param failure             what the function threw the last time
 */
public record DiscardedBatch(String streamArn, String shardId, String startSequenceNumber, String endSequenceNumber,
                             int batchSize, int invokeCount, Throwable failure) {

    public DiscardedBatch {
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(startSequenceNumber, "startSequenceNumber");
        Objects.requireNonNull(endSequenceNumber, "endSequenceNumber");
        Objects.requireNonNull(failure, "failure");
    }
}
