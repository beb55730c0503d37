package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.ingest.IngestBatch;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.logging.TestLambdaContext;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tracking.ChunkSummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestChunkHandlerTest {

    private static final JobId JOB = new JobId("job-1");
    private static final long TWO_MIB = 2L * 1024 * 1024;

    private final RecordingIngestQueue queue = new RecordingIngestQueue();
    private final List<IngestTask> ingested = new ArrayList<>();
    /** IngestFunction's time left: 900 s at the start; each 2 MiB chunk takes two minutes. */
    private int remainingMillis = 900_000;

    private final ManifestChunkHandler handler = new ManifestChunkHandler(new IngestBatch(task -> {
        ingested.add(task);
        remainingMillis -= 120_000;
        return new IngestManifestChunk.Outcome.Ingested(new ChunkSummary(task.chunkNumber(), 1, 1, 0, List.of()), true);
    }, queue));

    private static IngestTask chunk(int index) {
        return new IngestTask.CsvChunk(JOB, new ManifestChunk(index, index * TWO_MIB, (index + 1) * TWO_MIB));
    }

    private static SQSEvent batchOf(int chunks) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            var message = new SQSEvent.SQSMessage();
            message.setMessageId("m-" + i);
            message.setBody(chunk(i).toMessage());
            messages.add(message);
        }
        var event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    @Test
    void shouldStopBeforeTheTimeoutAndQueueTheUnstartedChunksAgainInsteadOfFailingThem() {
        // Given the largest batch the template allows (IngestBatchSize 10) of 2 MiB chunks
        var context = new TestLambdaContext("req-1", () -> remainingMillis);

        // When
        SQSBatchResponse response = handler.handleRequest(batchOf(10), context);

        // Then the invocation ends with time to spare; the rest is queued again and the originals acknowledged
        assertThat(ingested).containsExactly(chunk(0), chunk(1), chunk(2), chunk(3), chunk(4), chunk(5));
        assertThat(queue.sent()).containsExactly(chunk(6), chunk(7), chunk(8), chunk(9));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(remainingMillis).isPositive();
    }

    @Test
    void shouldIngestTheWholeBatchWhenThereIsNoContextToLimitIt() {
        SQSBatchResponse response = handler.handleRequest(batchOf(10), null);

        assertThat(ingested).hasSize(10);
        assertThat(queue.sent()).isEmpty();
        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}
