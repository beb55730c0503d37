package io.s3bulkrestore.ingest;

import java.time.Duration;

/**
 * How long one ingest task may take at worst, known before it starts, for {@link IngestBatch}'s time budget
 * and for the template's arithmetic (stack's QueuesContractTest pins IngestFunction's timeout against it).
 *
 * <p>Registration measured 3-5 ms a line from Lambda, about 12,500 lines a MiB, so about a minute a MiB.
 * The worst case allows 105 s a MiB (about 8.4 ms a line): the largest chunk the template allows
 * (ManifestChunkBytes 8 MiB) is then 840 s, which with {@link #RESERVE} still fits IngestFunction's 900 s.
 */
public final class IngestTimeEstimate {

    /** Worst-case registration time of one MiB of CSV manifest. */
    public static final Duration WORST_CASE_PER_MIB = Duration.ofSeconds(105);
    /** The largest chunk the template allows (ManifestChunkBytes' MaxValue). */
    public static final long LARGEST_CHUNK_BYTES = 8L * 1024 * 1024;
    /** Kept back at the end of an invocation to re-enqueue the chunks it did not start, and to answer. */
    public static final Duration RESERVE = Duration.ofSeconds(30);

    private static final long MIB = 1024 * 1024;

    private IngestTimeEstimate() {
    }

    /**
     * A CSV chunk: its bytes at the worst-case rate. An inventory data file: its size is not in the task
     * (S3 Inventory decides it), so it is taken to be as slow as the largest chunk, which means it only ever
     * runs first in its invocation.
     */
    public static Duration worstCase(IngestTask task) {
        return switch (task) {
            case IngestTask.CsvChunk csv -> ofBytes(csv.chunk().end() - csv.chunk().start());
            case IngestTask.InventoryFile file -> ofBytes(LARGEST_CHUNK_BYTES);
        };
    }

    /** The worst-case time of {@code bytes} of manifest, rounded up to the millisecond. */
    public static Duration ofBytes(long bytes) {
        long perMib = WORST_CASE_PER_MIB.toMillis();
        return Duration.ofMillis(Math.ceilDiv(Math.multiplyExact(bytes, perMib), MIB));
    }
}
