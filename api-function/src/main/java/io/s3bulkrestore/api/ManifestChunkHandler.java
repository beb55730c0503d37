package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.ingest.IngestTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The manifest ingest worker on the IngestQueue: one {@link IngestManifestChunk} call per message. A message
 * that fails is reported alone (SQSBatchResponse) and comes back after its visibility timeout; the others
 * are deleted. Ingestion is idempotent, so redelivery is always safe.
 */
public final class ManifestChunkHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestChunkHandler.class);

    private final IngestManifestChunk ingest;

    /** Used by Lambda: wires the real adapters from the environment, once per execution environment. */
    public ManifestChunkHandler() {
        this(IngestWiring.fromEnvironment(System.getenv()));
    }

    public ManifestChunkHandler(IngestManifestChunk ingest) {
        this.ingest = ingest;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        int ingested = 0;
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : messages) {
            try {
                IngestManifestChunk.Outcome outcome = ingest.ingest(IngestTask.parse(message.getBody()));
                if (outcome instanceof IngestManifestChunk.Outcome.Ingested) {
                    ingested++;
                }
            } catch (RuntimeException e) {
                LOG.error("ingest message {} failed and will be retried", message.getMessageId(), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        LOG.info("ingest batch: {} message(s), {} chunk(s) ingested, {} failed", messages.size(), ingested,
                failures.size());
        return new SQSBatchResponse(failures);
    }
}
