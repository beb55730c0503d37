package io.s3bulkrestore.tracking;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of ingesting one manifest chunk, written once. A job's total objects is the sum of its
 * chunks' {@code objects}.
 *
 * @param objects        distinct objects this chunk added to the job (see {@link Registration#countsAsNew()})
 * @param lines          lines the chunk owns, blank ones included (so that the lines of the chunks before
 *                       a line plus its line in the chunk is its line number in the manifest)
 * @param invalidLines   lines that did not name an object
 * @param invalidSamples the first few invalid lines, at most {@link #MAX_SAMPLES}, in chunk order
 */
public record ChunkSummary(long chunk, long objects, long lines, long invalidLines, List<InvalidLine> invalidSamples) {

    /** How many invalid lines a chunk keeps with their reasons. */
    public static final int MAX_SAMPLES = 10;

    /**
     * @param lineInChunk 1-based line number within the chunk
     * @param reason      why the line names no object, in words for the user
     */
    public record InvalidLine(long lineInChunk, String reason) {
        public InvalidLine {
            Objects.requireNonNull(reason, "reason");
            if (lineInChunk < 1) {
                throw new IllegalArgumentException("line numbers start at 1: " + lineInChunk);
            }
        }
    }

    public ChunkSummary {
        if (chunk < 0 || objects < 0 || lines < 0 || invalidLines < 0) {
            throw new IllegalArgumentException("a chunk summary cannot hold negative numbers");
        }
        if (objects + invalidLines > lines) {
            throw new IllegalArgumentException("more objects and invalid lines (" + (objects + invalidLines)
                    + ") than lines (" + lines + ")");
        }
        invalidSamples = List.copyOf(invalidSamples);
        if (invalidSamples.size() > Math.min(invalidLines, MAX_SAMPLES)) {
            throw new IllegalArgumentException(invalidSamples.size() + " invalid line samples for "
                    + invalidLines + " invalid lines (at most " + MAX_SAMPLES + ")");
        }
    }

    /** A summary without invalid line samples. */
    public ChunkSummary(long chunk, long objects, long lines, long invalidLines) {
        this(chunk, objects, lines, invalidLines, List.of());
    }
}
