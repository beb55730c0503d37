package io.s3bulkrestore.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.logging.RequestLogContext;
import io.s3bulkrestore.metrics.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Lambda entry point for RestoreEventsQueue: S3 restore events (direct, SNS-wrapped or EventBridge), each
 * completed restore recorded on its object's record once (the jobs' counts follow from the record's change, see
 * {@link TallyHandler}). Reports partial batch failures.
 */
public final class RestoreEventHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreEventHandler.class);

    private final RestoreEventBatch batch;
    private final EmfMetrics metrics;

    /** Used by Lambda: wires the real adapters from the environment, once per execution environment. */
    public RestoreEventHandler() {
        this(RestoreEventWiring.fromEnvironment(System.getenv()).batch(), EmfMetrics.fromEnvironment(System.getenv()));
    }

    /** Metrics written nowhere (tools, tests). */
    public RestoreEventHandler(RestoreEventBatch batch) {
        this(batch, EmfMetrics.nowhere());
    }

    public RestoreEventHandler(RestoreEventBatch batch, EmfMetrics metrics) {
        this.batch = batch;
        this.metrics = metrics;
    }

    /** @param context Lambda's; tools and tests may pass none, and then the time is not limited */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try (var requestLog = RequestLogContext.of(context)) {
            return handle(event, context);
        }
    }

    private SQSBatchResponse handle(SQSEvent event, Context context) {
        long started = System.nanoTime();
        List<RestoreEventBatch.Message> messages = event.getRecords() == null ? List.of()
                : event.getRecords().stream()
                        .map(m -> new RestoreEventBatch.Message(m.getMessageId(), m.getBody()))
                        .toList();
        LongSupplier remainingMillis = context == null ? () -> Long.MAX_VALUE : context::getRemainingTimeInMillis;
        RestoreEventBatch.Result result = batch.apply(messages, remainingMillis);
        LOG.info("restore events: {} messages, {} events, {} restores recorded, {} queued again for lack of time, "
                        + "{} failed messages in {} ms", result.messages(), result.events(), result.restored(),
                result.handedOn(), result.failedMessageIds().size(), (System.nanoTime() - started) / 1_000_000);
        metrics.add(Metric.RESTORE_EVENTS_RECEIVED, result.events());
        metrics.add(Metric.RESTORES_RECORDED, result.restored());
        metrics.add(Metric.RESTORE_EVENT_MESSAGES_REQUEUED, result.handedOn());
        metrics.add(Metric.RESTORE_EVENT_MESSAGES_FAILED, result.failedMessageIds().size());
        metrics.flush();
        return SQSBatchResponse.builder()
                .withBatchItemFailures(result.failedMessageIds().stream()
                        .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                        .toList())
                .build();
    }
}
