package io.s3bulkrestore.ingest;

import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tracking.ChunkSummary;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestBatchTest {

    private static final JobId JOB = new JobId("job-1");
    private static final long TWO_MIB = 2L * 1024 * 1024;

    private final RecordingIngestQueue queue = new RecordingIngestQueue();
    private final List<Integer> ingestedChunks = new ArrayList<>();
    /** The function's time left; each chunk "takes" {@link #chunkMillis}. */
    private long remaining;
    private long chunkMillis;

    private final IngestBatch batch = new IngestBatch(task -> {
        ingestedChunks.add(task.chunkNumber());
        remaining -= chunkMillis;
        if (task.chunkNumber() == 99) {
            throw new IllegalStateException("DynamoDB is unavailable");
        }
        return new IngestManifestChunk.Outcome.Ingested(new ChunkSummary(task.chunkNumber(), 1, 1, 0, List.of()), true);
    }, queue);

    private static IngestTask chunk(int index) {
        return new IngestTask.CsvChunk(JOB, new ManifestChunk(index, index * TWO_MIB, (index + 1) * TWO_MIB));
    }

    private static List<IngestBatch.Message> messages(int... chunks) {
        List<IngestBatch.Message> messages = new ArrayList<>();
        for (int index : chunks) {
            messages.add(new IngestBatch.Message("m-" + index, chunk(index).toMessage()));
        }
        return messages;
    }

    @Test
    void shouldIngestEveryChunkThatFitsAndQueueTheRestAgainAsNewMessages() {
        // Given ten 2 MiB chunks (worst case 210 s each) that take 2 minutes each, under a 900 s timeout
        remaining = 900_000;
        chunkMillis = 120_000;

        // When
        IngestBatch.Result result = batch.apply(messages(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), () -> remaining);

        // Then no chunk is cut off by the timeout: six fit, four are sent again, none is reported failed
        assertThat(ingestedChunks).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(queue.sent()).containsExactly(chunk(6), chunk(7), chunk(8), chunk(9));
        assertThat(result.failedMessageIds()).isEmpty();
        assertThat(result.ingested()).isEqualTo(6);
        assertThat(result.handedOn()).isEqualTo(4);
        assertThat(remaining).isGreaterThanOrEqualTo(IngestTimeEstimate.RESERVE.toMillis());
    }

    @Test
    void shouldReportTheUnstartedChunksAsFailedWhenTheyCannotBeQueuedAgain() {
        remaining = 300_000;
        chunkMillis = 120_000;
        queue.failSends(true);

        IngestBatch.Result result = batch.apply(messages(0, 1, 2), () -> remaining);

        assertThat(ingestedChunks).containsExactly(0);
        assertThat(result.failedMessageIds()).containsExactly("m-1", "m-2");
        assertThat(result.handedOn()).isZero();
    }

    @Test
    void shouldFailOnlyTheMalformedAndTheFailingMessages() {
        remaining = 900_000;
        chunkMillis = 1_000;
        List<IngestBatch.Message> messages = new ArrayList<>(messages(0, 99, 1));
        messages.add(1, new IngestBatch.Message("garbage", "v9|nonsense"));

        IngestBatch.Result result = batch.apply(messages, () -> remaining);

        assertThat(ingestedChunks).containsExactly(0, 99, 1);
        assertThat(result.failedMessageIds()).containsExactly("garbage", "m-99");
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void shouldEstimateChunksByTheirSizeAndInventoryFilesAsTheLargestChunk() {
        assertThat(IngestTimeEstimate.worstCase(chunk(0))).isEqualTo(Duration.ofSeconds(210));
        assertThat(IngestTimeEstimate.worstCase(new IngestTask.InventoryFile(JOB, 0, "inv/data/a.csv.gz")))
                .isEqualTo(IngestTimeEstimate.ofBytes(IngestTimeEstimate.LARGEST_CHUNK_BYTES))
                .isEqualTo(Duration.ofSeconds(840));
    }
}
