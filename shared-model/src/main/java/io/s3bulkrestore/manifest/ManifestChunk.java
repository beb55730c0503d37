package io.s3bulkrestore.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * A byte range of a manifest that one ingest worker handles. A line belongs to the chunk that holds
 * its first byte, so every line is read by exactly one chunk however the boundaries fall.
 *
 * @param index 0-based position of the chunk in the manifest
 * @param start first byte the chunk owns
 * @param end   one past the last byte whose line the chunk may start
 */
public record ManifestChunk(int index, long start, long end) {

    /**
     * How far past {@code end} a reader must look to finish the chunk's last line. A valid manifest
     * line is at most bucket (63) + key (1,024 bytes, up to three times that URL-encoded) + version id
     * (1,024) + separators and quotes; anything longer is reported invalid.
     */
    public static final int MAX_LINE_BYTES = 8 * 1024;

    public ManifestChunk {
        if (index < 0 || start < 0 || end <= start) {
            throw new IllegalArgumentException("invalid chunk " + index + " [" + start + ", " + end + ")");
        }
    }

    /** Splits a manifest of {@code size} bytes into chunks of about {@code chunkSize} bytes. */
    public static List<ManifestChunk> plan(long size, long chunkSize) {
        if (chunkSize <= MAX_LINE_BYTES) {
            throw new IllegalArgumentException("chunk size must exceed " + MAX_LINE_BYTES + " bytes, got " + chunkSize);
        }
        List<ManifestChunk> chunks = new ArrayList<>();
        for (long start = 0; start < size; start += chunkSize) {
            chunks.add(new ManifestChunk(chunks.size(), start, Math.min(size, start + chunkSize)));
        }
        return chunks;
    }

    /** First byte to fetch: one before the chunk, to learn whether a line starts exactly at {@code start}. */
    public long fetchFrom() {
        return start == 0 ? 0 : start - 1;
    }

    /** Last byte to fetch (inclusive), enough to finish a line that starts before {@code end}. */
    public long fetchTo(long manifestSize) {
        return Math.min(manifestSize, Math.min(end, Long.MAX_VALUE - MAX_LINE_BYTES) + MAX_LINE_BYTES) - 1;
    }
}
