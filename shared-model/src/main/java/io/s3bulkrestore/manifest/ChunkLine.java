package io.s3bulkrestore.manifest;

/**
 * A manifest line read by a chunk reader.
 *
 * @param byteOffset offset of the line's first byte in the whole manifest: a stable identity of the line,
 *                   the same on every retry of the chunk
 * @param record     the parsed line; its line number counts lines within the chunk (1-based)
 */
public record ChunkLine(long byteOffset, ManifestRecord record) {
}
