package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A stand-in for Lambda's DynamoDB Streams event source mapping: reads a table's stream shard by shard,
 * parents before children, from TRIM_HORIZON, and invokes the function's real handler with the event Lambda
 * would build, one shard's records per batch, in order. Records the filter rejects are skipped, as
 * FilterCriteria does. A failing batch is bisected and retried (see {@link BisectingBatchInvoker}); records
 * given up on go to the on-failure callback and the shard goes on after them.
 *
 * <p>Unlike Lambda: one thread reads every shard in turn every {@code pollInterval} (no parallelization
 * factor, no batching window); checkpoints are kept in memory only; retries follow at once; the function
 * timeout is not enforced; a returned {@code StreamsEventResponse} is ignored (no ReportBatchItemFailures);
 * records are never too old (no MaximumRecordAgeInSeconds).
 */
public final class StreamEventSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamEventSource.class);

    /**
     * How the mapping reads and invokes, as the template would configure it.
     *
     * @param functionName               names the invocations' context and the log lines
     * @param functionTimeout            the function's Timeout: the context's remaining time counts down from it
     * @param batchSize                  most records per invocation, 1 to 10,000
     * @param maximumRetryAttempts       retries of a batch that cannot be split any more, 0 to 10,000 (Lambda's -1,
     *                                   retry until the record expires, would stop the shard for 24 h)
     * @param bisectBatchOnFunctionError split a failed batch in two and try each half
     * @param pollInterval               pause between reads of the stream by the thread {@link #start()} starts
     * @param filter                     the records the function is invoked with (FilterCriteria); the rest are skipped
     */
    public record Settings(String functionName, Duration functionTimeout, int batchSize, int maximumRetryAttempts,
                           boolean bisectBatchOnFunctionError, Duration pollInterval,
                           Predicate<DynamodbEvent.DynamodbStreamRecord> filter) {

        public static final int DEFAULT_BATCH_SIZE = 100;
        public static final int DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 3;
        public static final Duration DEFAULT_FUNCTION_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

        public Settings {
            if (functionName == null || functionName.isBlank()) {
                throw new IllegalArgumentException("functionName is required");
            }
            Objects.requireNonNull(functionTimeout, "functionTimeout");
            if (functionTimeout.isNegative() || functionTimeout.isZero() || functionTimeout.compareTo(Duration.ofSeconds(900)) > 0) {
                throw new IllegalArgumentException("functionTimeout must be 1..900 s, was " + functionTimeout);
            }
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize must be 1..10000, was " + batchSize);
            }
            if (maximumRetryAttempts < 0 || maximumRetryAttempts > 10_000) {
                throw new IllegalArgumentException("maximumRetryAttempts must be 0..10000, was " + maximumRetryAttempts);
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
            }
            Objects.requireNonNull(filter, "filter");
        }

        /** Batches of 100, 3 retries, bisecting on error, every record, read every second. */
        public static Settings defaults(String functionName) {
            return new Settings(functionName, DEFAULT_FUNCTION_TIMEOUT, DEFAULT_BATCH_SIZE, DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
                    true, DEFAULT_POLL_INTERVAL, record -> true);
        }

        public Settings withBatchSize(int size) {
            return new Settings(functionName, functionTimeout, size, maximumRetryAttempts, bisectBatchOnFunctionError,
                    pollInterval, filter);
        }

        public Settings withMaximumRetryAttempts(int attempts) {
            return new Settings(functionName, functionTimeout, batchSize, attempts, bisectBatchOnFunctionError,
                    pollInterval, filter);
        }

        public Settings withBisectBatchOnFunctionError(boolean bisect) {
            return new Settings(functionName, functionTimeout, batchSize, maximumRetryAttempts, bisect, pollInterval, filter);
        }

        public Settings withPollInterval(Duration interval) {
            return new Settings(functionName, functionTimeout, batchSize, maximumRetryAttempts, bisectBatchOnFunctionError,
                    interval, filter);
        }

        public Settings withFilter(Predicate<DynamodbEvent.DynamodbStreamRecord> recordsToInvokeWith) {
            return new Settings(functionName, functionTimeout, batchSize, maximumRetryAttempts, bisectBatchOnFunctionError,
                    pollInterval, recordsToInvokeWith);
        }

        public Settings withFunctionTimeout(Duration timeout) {
            return new Settings(functionName, timeout, batchSize, maximumRetryAttempts, bisectBatchOnFunctionError,
                    pollInterval, filter);
        }
    }

    private final String streamArn;
    private final Settings settings;
    private final ShardWalker walker;
    private final BisectingBatchInvoker invoker;
    private final ReentrantLock reading = new ReentrantLock();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Thread poller;

    private StreamEventSource(DynamoDbStreamsClient streams, String streamArn, RequestHandler<? super DynamodbTimeWindowEvent, ?> handler,
                              Settings settings, Consumer<DiscardedBatch> onFailure, Clock clock) {
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.walker = new ShardWalker(Objects.requireNonNull(streams, "streams"), streamArn, settings.batchSize());
        this.invoker = new BisectingBatchInvoker(streamArn, Objects.requireNonNull(handler, "handler"), settings,
                Objects.requireNonNull(onFailure, "onFailure"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * A mapping of {@code streamArn} (a table's LatestStreamArn) to {@code handler}, not yet reading: call
     * {@link #start()}, or {@link #pollOnce()} / {@link #drain()} to read on the caller's thread.
     */
    public static StreamEventSource create(DynamoDbStreamsClient streams, String streamArn,
                                           RequestHandler<? super DynamodbTimeWindowEvent, ?> handler, Settings settings,
                                           Consumer<DiscardedBatch> onFailure) {
        return create(streams, streamArn, handler, settings, onFailure, Clock.systemUTC());
    }

    public static StreamEventSource create(DynamoDbStreamsClient streams, String streamArn,
                                           RequestHandler<? super DynamodbTimeWindowEvent, ?> handler, Settings settings,
                                           Consumer<DiscardedBatch> onFailure, Clock clock) {
        return new StreamEventSource(streams, streamArn, handler, settings, onFailure, clock);
    }

    /** Reads the stream on a daemon thread every {@code pollInterval} until {@link #close()}. */
    public synchronized StreamEventSource start() {
        if (poller != null) {
            throw new IllegalStateException(settings.functionName() + " already reads " + streamArn);
        }
        if (stopping.getCount() == 0) {
            throw new IllegalStateException(settings.functionName() + " was closed");
        }
        poller = new Thread(this::poll, "esm-" + settings.functionName() + "-stream");
        poller.setDaemon(true);
        poller.start();
        log.info("{} reads {} (batch size {}, {} retries, bisect {}, every {} ms)", settings.functionName(), streamArn,
                settings.batchSize(), settings.maximumRetryAttempts(), settings.bisectBatchOnFunctionError(),
                settings.pollInterval().toMillis());
        return this;
    }

    /**
     * Reads every shard that may be read now up to its latest record and invokes the function with them, on
     * the caller's thread; returns how many records were read (filtered out ones included). Stream errors are
     * thrown.
     */
    public long pollOnce() {
        reading.lock();
        try {
            return walker.readAvailable(this::deliver);
        } finally {
            reading.unlock();
        }
    }

    /** Polls until a poll reads nothing: every record written before the call has been handled or skipped. */
    public void drain() {
        long read;
        do {
            read = pollOnce();
        } while (read > 0);
    }

    /** Invocations of the function so far, failed ones included. */
    public long invocations() {
        return invoker.invocations();
    }

    /** Records the function succeeded with. */
    public long recordsHandled() {
        return invoker.recordsHandled();
    }

    /** Records given up on and handed to the on-failure callback. */
    public long recordsDiscarded() {
        return invoker.recordsDiscarded();
    }

    /** The sequence number of the last record of {@code shardId} handled, skipped or filtered out. */
    public Optional<String> checkpoint(String shardId) {
        return walker.checkpoint(shardId);
    }

    /** Stops the thread {@link #start()} started, after the batch it is invoking; a no-op if none. */
    @Override
    public void close() {
        stopping.countDown();
        Thread running;
        synchronized (this) {
            running = poller;
        }
        if (running == null) {
            return;
        }
        long joinMillis = settings.functionTimeout().multipliedBy(settings.maximumRetryAttempts() + 1L).plusSeconds(5).toMillis();
        try {
            running.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (running.isAlive()) {
            log.warn("{} stream poller did not stop within {} ms", settings.functionName(), joinMillis);
        }
        log.info("{} stopped reading {}: {} invocations, {} records handled, {} discarded", settings.functionName(),
                streamArn, invocations(), recordsHandled(), recordsDiscarded());
    }

    private void deliver(String shardId, List<Record> records) {
        List<Record> matching = records.stream()
                .filter(record -> settings.filter().test(DynamodbStreamEvents.record(record, streamArn)))
                .toList();
        invoker.deliver(shardId, matching);
    }

    private void poll() {
        while (stopping.getCount() > 0) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                log.warn("{} could not read {}: {}", settings.functionName(), streamArn, e.toString());
            }
            try {
                stopping.await(settings.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
