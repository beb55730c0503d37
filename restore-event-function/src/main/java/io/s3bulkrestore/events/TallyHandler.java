package io.s3bulkrestore.events;

import io.s3bulkrestore.copy.QueueCopies;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.logging.RequestLogContext;
import io.s3bulkrestore.metrics.Metric;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tally.TallyChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lambda entry point for the ObjectsTable's stream (DESIGN §3): adds each batch of object record changes to the
 * counters of the jobs they move, once. Lambda reads a DynamoDB stream one shard at a time, in order; the shard's
 * id, which the counters are kept by, is in the event only when the mapping has a tumbling window
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html), so the template gives it one and this
 * function keeps no window state. A window's final invoke holds no records. A failure throws: Lambda retries the
 * batch (bisected, then to the on-failure queue), and what was added already is not added again.
 */
public final class TallyHandler implements RequestHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(TallyHandler.class);

    private final TallyChanges tally;
    private final QueueCopies copies;
    private final EmfMetrics metrics;
    private final Clock clock;

    /** Used by Lambda: wires the real adapters from the environment, once per execution environment. */
    public TallyHandler() {
        this(TallyWiring.fromEnvironment(System.getenv()), EmfMetrics.fromEnvironment(System.getenv()),
                Clock.systemUTC());
    }

    /** Metrics written nowhere, no copy queue (tools, tests). */
    public TallyHandler(TallyChanges tally) {
        this(tally, EmfMetrics.nowhere(), Clock.systemUTC());
    }

    /** No copy queue. */
    public TallyHandler(TallyChanges tally, EmfMetrics metrics, Clock clock) {
        this(new TallyWiring(tally, QueueCopies.none()), metrics, clock);
    }

    public TallyHandler(TallyWiring wiring, EmfMetrics metrics, Clock clock) {
        this.tally = wiring.tally();
        this.copies = wiring.copies();
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public TimeWindowEventResponse handleRequest(DynamodbTimeWindowEvent event, Context context) {
        try (var requestLog = RequestLogContext.of(context)) {
            return handle(event, context);
        }
    }

    private TimeWindowEventResponse handle(DynamodbTimeWindowEvent event, Context context) {
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        if (!records.isEmpty()) {
            if (event.getShardId() == null || event.getShardId().isEmpty()) {
                throw new IllegalStateException("the stream event names no shard: the event source mapping needs a "
                        + "tumbling window (TumblingWindowInSeconds) for Lambda to send the shard id");
            }
            List<ObjectChange> changes = records.stream()
                    .filter(record -> !"REMOVE".equals(record.getEventName())) // TTL deletions move no count
                    .map(StreamImages::change).toList();
            // copies first: if queueing fails the batch is retried, and its counts are added once whatever happens
            int copiesQueued = copies.apply(changes);
            TallyChanges.Outcome outcome = tally.apply(event.getShardId(), changes);
            LOG.info("tally: {} records of shard {}, {} jobs moved, {} changes added, {} added before",
                    records.size(), event.getShardId(), outcome.jobs(), outcome.added(), outcome.skipped());
            metrics.add(Metric.TALLY_RECORDS, records.size());
            metrics.add(Metric.OBJECTS_RESTORED_FOR_JOBS, outcome.restored());
            if (copiesQueued > 0) {
                metrics.add(Metric.COPIES_QUEUED, copiesQueued);
            }
            oldestRecord(records).ifPresent(oldest -> metrics.add(Metric.TALLY_LAG,
                    Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0)));
            metrics.flush();
        }
        return new TimeWindowEventResponse(Map.of(), List.of());
    }

    /** When the batch's oldest change was written (the stream's ApproximateCreationDateTime), if known. */
    private static Optional<Instant> oldestRecord(List<DynamodbStreamRecord> records) {
        return records.stream()
                .map(record -> record.getDynamodb() == null ? null : record.getDynamodb().getApproximateCreationDateTime())
                .filter(Objects::nonNull)
                .map(Date::toInstant)
                .min(Instant::compareTo);
    }
}
