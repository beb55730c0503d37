package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Invokes the function with one shard's batch until every record in it was handled or given up on, as
 * Lambda's stream event source mapping does with {@code BisectBatchOnFunctionError} and
 * {@code MaximumRetryAttempts}: a failed batch of more than one record is split in two halves, which are
 * tried in order, each as a new batch; a batch that cannot be split (one record, or bisecting off) is
 * retried up to {@code maximumRetryAttempts} times, then handed to the on-failure callback and skipped.
 *
 * <p>Splitting does not use up retries, so a batch of any size narrows down to its poison record, which
 * then gets its full retries. Retries follow at once; Lambda backs off between them.
 */
final class BisectingBatchInvoker {

    private static final Logger log = LoggerFactory.getLogger(BisectingBatchInvoker.class);

    private final String streamArn;
    private final RequestHandler<? super DynamodbTimeWindowEvent, ?> handler;
    private final StreamEventSource.Settings settings;
    private final Consumer<DiscardedBatch> onFailure;
    private final Clock clock;
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong recordsHandled = new AtomicLong();
    private final AtomicLong recordsDiscarded = new AtomicLong();

    BisectingBatchInvoker(String streamArn, RequestHandler<? super DynamodbTimeWindowEvent, ?> handler, StreamEventSource.Settings settings,
                          Consumer<DiscardedBatch> onFailure, Clock clock) {
        this.streamArn = streamArn;
        this.handler = handler;
        this.settings = settings;
        this.onFailure = onFailure;
        this.clock = clock;
    }

    /** Returns once each record was handled or discarded, in the shard's order. */
    void deliver(String shardId, List<Record> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int invokeCount = 0;
        while (true) {
            invokeCount++;
            Optional<Throwable> failure = invoke(shardId, batch);
            if (failure.isEmpty()) {
                recordsHandled.addAndGet(batch.size());
                return;
            }
            if (settings.bisectBatchOnFunctionError() && batch.size() > 1) {
                int half = batch.size() / 2;
                log.debug("{} failed a batch of {} records of {}; bisecting", settings.functionName(), batch.size(), shardId);
                deliver(shardId, batch.subList(0, half));
                deliver(shardId, batch.subList(half, batch.size()));
                return;
            }
            if (invokeCount > settings.maximumRetryAttempts()) {
                discard(shardId, batch, invokeCount, failure.get());
                return;
            }
        }
    }

    long invocations() {
        return invocations.get();
    }

    long recordsHandled() {
        return recordsHandled.get();
    }

    long recordsDiscarded() {
        return recordsDiscarded.get();
    }

    private Optional<Throwable> invoke(String shardId, List<Record> batch) {
        DynamodbTimeWindowEvent event = DynamodbStreamEvents.of(batch, streamArn, shardId, clock.instant());
        LocalContext context = LocalContext.startInvocation(settings.functionName(), settings.functionTimeout(), clock);
        invocations.incrementAndGet();
        try {
            handler.handleRequest(event, context);
            return Optional.empty();
        } catch (Throwable failure) {
            log.warn("{} failed a batch of {} stream records (aws request {}): {}", settings.functionName(), batch.size(),
                    context.getAwsRequestId(), failure.toString());
            return Optional.of(failure);
        }
    }

    private void discard(String shardId, List<Record> batch, int invokeCount, Throwable failure) {
        DiscardedBatch discarded = new DiscardedBatch(streamArn, shardId, batch.getFirst().dynamodb().sequenceNumber(),
                batch.getLast().dynamodb().sequenceNumber(), batch.size(), invokeCount, failure);
        recordsDiscarded.addAndGet(batch.size());
        log.error("{} gave up on {} stream records of {} ({} to {}) after {} invocations; they are skipped",
                settings.functionName(), discarded.batchSize(), shardId, discarded.startSequenceNumber(),
                discarded.endSequenceNumber(), invokeCount, failure);
        try {
            onFailure.accept(discarded);
        } catch (RuntimeException e) {
            log.error("{}: the on-failure callback failed for {} records of {}", settings.functionName(),
                    discarded.batchSize(), shardId, e);
        }
    }
}
