package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.ingest.IngestBatch;
import io.s3bulkrestore.logging.RequestLogContext;
import io.s3bulkrestore.metrics.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The manifest ingest worker on the IngestQueue: hands the batch to {@link IngestBatch}, which ingests the
 * chunks that fit in the invocation's remaining time and queues the others again. A message that fails is
 * reported alone (SQSBatchResponse) and comes back after its visibility timeout; the others are deleted.
 * Ingestion is idempotent, so redelivery is always safe.
 */
public final class ManifestChunkHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestChunkHandler.class);

    private final IngestBatch batch;
    private final EmfMetrics metrics;

    /** Used by Lambda: wires the real adapters from the environment, once per execution environment. */
    public ManifestChunkHandler() {
        this(IngestWiring.fromEnvironment(System.getenv()), EmfMetrics.fromEnvironment(System.getenv()));
    }

    /** Metrics written nowhere (tools, tests). */
    public ManifestChunkHandler(IngestBatch batch) {
        this(batch, EmfMetrics.nowhere());
    }

    public ManifestChunkHandler(IngestBatch batch, EmfMetrics metrics) {
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
        List<IngestBatch.Message> messages = event.getRecords() == null ? List.of()
                : event.getRecords().stream().map(m -> new IngestBatch.Message(m.getMessageId(), m.getBody())).toList();
        LongSupplier remainingMillis = context == null ? () -> Long.MAX_VALUE : context::getRemainingTimeInMillis;
        IngestBatch.Result result = batch.apply(messages, remainingMillis);
        LOG.info("ingest batch: {} message(s), {} chunk(s) ingested, {} queued again for lack of time, {} failed",
                result.messages(), result.ingested(), result.handedOn(), result.failedMessageIds().size());
        metrics.add(Metric.MANIFEST_CHUNKS_INGESTED, result.ingested());
        metrics.add(Metric.MANIFEST_CHUNKS_REQUEUED, result.handedOn());
        metrics.add(Metric.MANIFEST_CHUNKS_FAILED, result.failedMessageIds().size());
        metrics.flush();
        return new SQSBatchResponse(result.failedMessageIds().stream()
                .map(SQSBatchResponse.BatchItemFailure::new).toList());
    }
}
