package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Lambda's SQS event source mapping: pollers that long-poll a real queue, gather a batch
 * (up to {@code batchSize} messages, or what arrived until the batching window closed), invoke the
 * function's real handler with the event Lambda would build, and delete exactly the messages that
 * succeeded (see {@link BatchOutcome}). Failed messages are left alone: they come back after the queue's
 * visibility timeout, and the queue's own RedrivePolicy moves them to its dead-letter queue after
 * {@code maxReceiveCount} receives (moto applies it on ReceiveMessage, as SQS does).
 *
 * <p>Unlike Lambda: the function timeout is not enforced (a longer invocation is logged and its result
 * still applied); there is no 6 MB payload cap on a batch, no scaling beyond {@code concurrency} pollers
 * and no back-off after failures.
 *
 * <p>One class (over 300 lines): polling, batching, invoking and deleting share one poller's loop and its
 * in-flight batch; the event built for the handler and the batch outcome are separate classes already.
 */
public final class QueueEventSource implements AutoCloseable {

    /** ReceiveMessage and the batch calls take at most ten messages. */
    private static final int SQS_MAX_PER_CALL = 10;
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    private static final Duration EMPTY_SHORT_POLL_PAUSE = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(QueueEventSource.class);

    /**
     * How the mapping polls and invokes, as the template configures it.
     *
     * @param batchSize               most messages per invocation, 1 to 10,000
     * @param maximumBatchingWindow   how long to gather a batch once its first message arrived, 0 to 300 s;
     *                                at least 1 s when batchSize exceeds 10 (Lambda rejects less)
     * @param functionTimeout         the function's Timeout: the context's remaining time counts down from it
     * @param concurrency             pollers, each invoking the function one batch at a time
     * @param reportBatchItemFailures FunctionResponseTypes contains ReportBatchItemFailures
     * @param pollWait                WaitTimeSeconds of a ReceiveMessage while no batch is being gathered,
     *                                0 to 20 s in whole seconds; also bounds how long close() waits for an idle poller
     */
    public record Settings(int batchSize, Duration maximumBatchingWindow, Duration functionTimeout, int concurrency,
                           boolean reportBatchItemFailures, Duration pollWait) {

        public static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(1);

        public Settings {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize must be 1..10000, was " + batchSize);
            }
            Objects.requireNonNull(maximumBatchingWindow, "maximumBatchingWindow");
            if (maximumBatchingWindow.isNegative() || maximumBatchingWindow.compareTo(Duration.ofSeconds(300)) > 0) {
                throw new IllegalArgumentException("maximumBatchingWindow must be 0..300 s, was " + maximumBatchingWindow);
            }
            if (batchSize > SQS_MAX_PER_CALL && maximumBatchingWindow.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("a batchSize over 10 needs a maximumBatchingWindow of at least 1 s");
            }
            Objects.requireNonNull(functionTimeout, "functionTimeout");
            if (functionTimeout.isNegative() || functionTimeout.isZero() || functionTimeout.compareTo(Duration.ofSeconds(900)) > 0) {
                throw new IllegalArgumentException("functionTimeout must be 1..900 s, was " + functionTimeout);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            Objects.requireNonNull(pollWait, "pollWait");
            if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(20)) > 0) {
                throw new IllegalArgumentException("pollWait must be 0..20 s, was " + pollWait);
            }
        }

        /** One poller, polls waiting {@link #DEFAULT_POLL_WAIT}. */
        public static Settings of(int batchSize, Duration maximumBatchingWindow, Duration functionTimeout,
                                  boolean reportBatchItemFailures) {
            return new Settings(batchSize, maximumBatchingWindow, functionTimeout, 1, reportBatchItemFailures,
                    DEFAULT_POLL_WAIT);
        }

        public Settings withConcurrency(int pollers) {
            return new Settings(batchSize, maximumBatchingWindow, functionTimeout, pollers, reportBatchItemFailures, pollWait);
        }

        public Settings withPollWait(Duration wait) {
            return new Settings(batchSize, maximumBatchingWindow, functionTimeout, concurrency, reportBatchItemFailures, wait);
        }
    }

    private final SqsClient sqs;
    private final String queueArn;
    private final String queueUrl;
    private final String region;
    private final Settings settings;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final String functionName;
    private final Clock clock;
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong messagesHandled = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();

    private QueueEventSource(SqsClient sqs, String queueArn, String queueUrl, Settings settings,
                             RequestHandler<SQSEvent, SQSBatchResponse> handler, String functionName, Clock clock) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueArn = Objects.requireNonNull(queueArn, "queueArn");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.region = regionOf(queueArn);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts {@code settings.concurrency()} pollers of {@code queueUrl} that invoke {@code handler}. */
    public static QueueEventSource start(SqsClient sqs, String queueArn, String queueUrl, Settings settings,
                                         RequestHandler<SQSEvent, SQSBatchResponse> handler, String functionName) {
        return start(sqs, queueArn, queueUrl, settings, handler, functionName, Clock.systemUTC());
    }

    public static QueueEventSource start(SqsClient sqs, String queueArn, String queueUrl, Settings settings,
                                         RequestHandler<SQSEvent, SQSBatchResponse> handler, String functionName,
                                         Clock clock) {
        QueueEventSource source = new QueueEventSource(sqs, queueArn, queueUrl, settings, handler, functionName, clock);
        for (int i = 1; i <= settings.concurrency(); i++) {
            Thread poller = new Thread(source::poll, "esm-" + functionName + "-" + i);
            poller.setDaemon(true);
            source.pollers.add(poller);
        }
        source.pollers.forEach(Thread::start);
        log.info("{} polls {} (batch size {}, window {} ms, report batch item failures {})", functionName, queueArn,
                settings.batchSize(), settings.maximumBatchingWindow().toMillis(), settings.reportBatchItemFailures());
        return source;
    }

    /** Invocations of the function so far, failed ones included. */
    public long invocations() {
        return invocations.get();
    }

    /** Messages the function succeeded with, deleted from the queue. */
    public long messagesHandled() {
        return messagesHandled.get();
    }

    /** Messages the function failed (reported, or a whole failed batch), left for the queue to redeliver. */
    public long messagesFailed() {
        return messagesFailed.get();
    }

    /**
     * Stops polling: a running invocation finishes and its messages are settled, messages gathered but
     * not yet passed to the function are handed back at once (visibility 0); then the pollers are joined.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping.countDown();
        long joinMillis = settings.functionTimeout().plus(settings.pollWait()).plusSeconds(5).toMillis();
        for (Thread poller : pollers) {
            try {
                poller.join(joinMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (poller.isAlive()) {
                log.warn("{} poller {} did not stop within {} ms", functionName, poller.getName(), joinMillis);
            }
        }
        log.info("{} stopped polling {}: {} invocations, {} messages handled, {} failed", functionName, queueArn,
                invocations(), messagesHandled(), messagesFailed());
    }

    private boolean running() {
        return stopping.getCount() > 0;
    }

    private void poll() {
        while (running()) {
            List<Message> batch;
            try {
                batch = gather();
            } catch (SdkException e) {
                log.warn("{} could not receive from {}: {}", functionName, queueArn, e.getMessage());
                pause(ERROR_PAUSE);
                continue;
            }
            if (batch.isEmpty()) {
                continue;
            }
            if (!running()) {
                release(batch);
                return;
            }
            invoke(batch);
        }
    }

    /** Up to batchSize messages: one receive without a window, else receives until the window closes. */
    private List<Message> gather() {
        Map<String, Message> batch = new LinkedHashMap<>();
        long windowEnds = 0;
        while (running() && batch.size() < settings.batchSize()) {
            int waitSeconds;
            long nanosLeft = Long.MAX_VALUE;
            if (batch.isEmpty()) {
                waitSeconds = (int) settings.pollWait().toSeconds();
            } else {
                nanosLeft = windowEnds - System.nanoTime();
                if (nanosLeft <= 0) {
                    break;
                }
                waitSeconds = (int) Math.min(settings.pollWait().toSeconds(), TimeUnit.NANOSECONDS.toSeconds(nanosLeft));
            }
            List<Message> received = receive(Math.min(SQS_MAX_PER_CALL, settings.batchSize() - batch.size()), waitSeconds);
            if (received.isEmpty()) {
                if (waitSeconds == 0) {
                    pause(Duration.ofNanos(Math.min(EMPTY_SHORT_POLL_PAUSE.toNanos(), nanosLeft)));
                }
                continue;
            }
            if (batch.isEmpty()) {
                windowEnds = System.nanoTime() + settings.maximumBatchingWindow().toNanos();
            }
            // A message received again while the batch gathers (its visibility ran out) keeps its newest receipt.
            received.forEach(message -> batch.put(message.messageId(), message));
            if (settings.maximumBatchingWindow().isZero()) {
                break;
            }
        }
        return List.copyOf(batch.values());
    }

    private List<Message> receive(int max, int waitSeconds) {
        return sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    private void invoke(List<Message> batch) {
        List<String> ids = batch.stream().map(Message::messageId).toList();
        SQSEvent event = SqsEvents.of(batch, queueArn, region);
        LocalContext context = LocalContext.startInvocation(functionName, settings.functionTimeout(), clock);
        invocations.incrementAndGet();
        long started = System.nanoTime();
        BatchOutcome outcome;
        try {
            SQSBatchResponse response = handler.handleRequest(event, context);
            outcome = BatchOutcome.judge(ids, response, settings.reportBatchItemFailures());
        } catch (Throwable failure) {
            log.error("{} failed a batch of {} messages (aws request {}); they return after the visibility timeout",
                    functionName, batch.size(), context.getAwsRequestId(), failure);
            outcome = BatchOutcome.allFailed(ids, "the function threw " + failure.getClass().getSimpleName());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (took.compareTo(settings.functionTimeout()) > 0) {
            log.warn("{} took {} ms for a batch of {} messages, longer than its {} s timeout: Lambda would have "
                    + "stopped it and retried the whole batch", functionName, took.toMillis(), batch.size(),
                    settings.functionTimeout().toSeconds());
        }
        outcome.totalFailureCause().ifPresent(cause -> log.warn("{}: whole batch of {} messages failed: {}",
                functionName, batch.size(), cause));
        Map<String, Message> byId = new LinkedHashMap<>();
        batch.forEach(message -> byId.put(message.messageId(), message));
        delete(outcome.succeeded().stream().map(byId::get).toList());
        messagesHandled.addAndGet(outcome.succeeded().size());
        messagesFailed.addAndGet(outcome.failed().size());
        log.debug("{} invoked with {} messages: {} handled, {} failed, {} ms", functionName, batch.size(),
                outcome.succeeded().size(), outcome.failed().size(), took.toMillis());
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += SQS_MAX_PER_CALL) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + SQS_MAX_PER_CALL));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            try {
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                for (BatchResultErrorEntry failed : response.failed()) {
                    log.warn("{} could not delete handled message {} from {}: {}", functionName,
                            chunk.get(Integer.parseInt(failed.id())).messageId(), queueArn, failed.code());
                }
            } catch (SdkException e) {
                log.warn("{} could not delete {} handled messages from {}; they will be delivered again: {}",
                        functionName, chunk.size(), queueArn, e.getMessage());
            }
        }
    }

    /** Hands messages that were received but never passed to the function straight back to the queue. */
    private void release(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += SQS_MAX_PER_CALL) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + SQS_MAX_PER_CALL));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                log.warn("{} could not hand {} unprocessed messages back to {}; they return after the visibility "
                        + "timeout: {}", functionName, chunk.size(), queueArn, e.getMessage());
            }
        }
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String regionOf(String queueArn) {
        String[] parts = queueArn.split(":", -1);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"sqs".equals(parts[2]) || parts[3].isEmpty()) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + queueArn);
        }
        return parts[3];
    }
}
