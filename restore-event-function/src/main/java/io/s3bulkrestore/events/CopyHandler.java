package io.s3bulkrestore.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.copy.CopyRestoredObjects;
import io.s3bulkrestore.copy.CopyRestoredObjects.Result;
import io.s3bulkrestore.copy.CopyTask;
import io.s3bulkrestore.copy.TimeLeft;
import io.s3bulkrestore.logging.RequestLogContext;
import io.s3bulkrestore.metrics.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Lambda entry point for the CopyQueue (copy-after-restore, DESIGN §1): each message one restored object of a job
 * that copies, copied and recorded once ({@link CopyRestoredObjects}). The batch's copies run side by side (each on
 * its own virtual thread: they wait on S3). A task to be tried again, or one that threw (the store could not be
 * reached), is reported as a partial batch failure, hidden first for a backoff that doubles with each attempt
 * ({@link #retryDelay}: 30 s, 1 min, 2 min, ... at most 15 min) instead of the queue's whole visibility timeout;
 * its ApproximateReceiveCount tells the worker which attempt it is. Messages of one batch that carry the same task (a
 * duplicate trigger) are worked once, and share its result: two copies of one object never run side by side here.
 *
 * <p>The copies get Lambda's time left less {@link #HAND_BACK_RESERVE} ({@link TimeLeft}): a multipart copy too large
 * for one invocation stops in time, and the worker queues a new task that continues it
 * ({@link Result#CONTINUED}); its message is then done, not handed back, so the progress spends no attempt.
 */
public final class CopyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(CopyHandler.class);

    /** Sets how long a message handed back stays hidden (its receipt handle, the delay). */
    @FunctionalInterface
    public interface RetryDelay {
        void delay(String receiptHandle, Duration after);
    }

    /** Kept from the copies' time: recording the results, queueing continuations, hiding retries, answering. */
    static final Duration HAND_BACK_RESERVE = Duration.ofSeconds(30);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(15);

    private final CopyRestoredObjects copies;
    private final RetryDelay retryDelay;
    private final EmfMetrics metrics;

    /** Used by Lambda: wires the real adapters from the environment, once per execution environment. */
    public CopyHandler() {
        this(CopyWiring.fromEnvironment(System.getenv()), EmfMetrics.fromEnvironment(System.getenv()));
    }

    public CopyHandler(CopyWiring wiring, EmfMetrics metrics) {
        this(wiring.copies(), wiring.retryDelay(), metrics);
    }

    public CopyHandler(CopyRestoredObjects copies, RetryDelay retryDelay, EmfMetrics metrics) {
        this.copies = copies;
        this.retryDelay = retryDelay;
        this.metrics = metrics;
    }

    /** How long a task handed back after its {@code attempt}-th delivery waits: 30 s doubled each time, 15 min at most. */
    static Duration retryDelay(int attempt) {
        int doublings = Math.min(Math.max(0, attempt - 1), 10);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /** @param context Lambda's; tools and tests may pass none, and then the time is not limited */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try (var requestLog = RequestLogContext.of(context)) {
            return handle(event, context == null ? TimeLeft.unlimited()
                    : TimeLeft.of(context::getRemainingTimeInMillis, HAND_BACK_RESERVE));
        }
    }

    private SQSBatchResponse handle(SQSEvent event, TimeLeft timeLeft) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<String> failed = new ArrayList<>();
        Map<Result, Integer> results = new EnumMap<>(Result.class);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Result>> byTask = new HashMap<>();
            List<Future<Result>> running = new ArrayList<>(messages.size());
            for (SQSEvent.SQSMessage message : messages) {
                String body = message.getBody() == null ? "" : message.getBody();
                running.add(byTask.computeIfAbsent(body, same -> threads.submit(() -> copy(message, timeLeft))));
            }
            for (int i = 0; i < messages.size(); i++) {
                SQSEvent.SQSMessage message = messages.get(i);
                Result result;
                try {
                    result = running.get(i).get();
                } catch (ExecutionException e) {
                    LOG.warn("Copy task {} failed; SQS delivers it again: {}", message.getMessageId(),
                            e.getCause().toString());
                    result = Result.RETRY;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result = Result.RETRY;
                }
                results.merge(result, 1, Integer::sum);
                if (result == Result.RETRY) {
                    failed.add(message.getMessageId());
                    if (message.getReceiptHandle() != null) {
                        retryDelay.delay(message.getReceiptHandle(), retryDelay(attempt(message)));
                    }
                }
            }
        }
        LOG.info("copies: {} tasks, {}", messages.size(), results);
        metrics.add(Metric.OBJECTS_COPIED, results.getOrDefault(Result.COPIED, 0));
        metrics.add(Metric.COPIES_FAILED, results.getOrDefault(Result.FAILED, 0));
        metrics.add(Metric.COPIES_RETRIED, results.getOrDefault(Result.RETRY, 0));
        metrics.flush();
        return SQSBatchResponse.builder()
                .withBatchItemFailures(failed.stream()
                        .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                        .toList())
                .build();
    }

    private Result copy(SQSEvent.SQSMessage message, TimeLeft timeLeft) {
        CopyTask task;
        try {
            task = CopyTask.fromMessage(message.getBody());
        } catch (IllegalArgumentException malformed) {
            // never a copy task of ours: retrying cannot help, and failing it would only fill the DLQ
            LOG.error("Copy queue message {} is not a copy task; dropped: {}", message.getMessageId(),
                    malformed.getMessage());
            return Result.NOTHING_TO_DO;
        }
        return copies.copy(task, attempt(message), timeLeft);
    }

    /** Which delivery of its message this is, from 1 (SQS's ApproximateReceiveCount; 1 when not said). */
    static int attempt(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
