package io.s3bulkrestore.tracking;

/**
 * The outcome of ingesting one manifest chunk, written once. A job's total objects is the sum of its
 * chunks' {@code objects}.
 *
 * @param objects      distinct objects this chunk added to the job (see {@link Registration#countsAsNew()})
 * @param lines        non-blank lines in the chunk, valid or not
 * @param invalidLines lines that did not name an object
 */
public record ChunkSummary(long chunk, long objects, long lines, long invalidLines) {

    public ChunkSummary {
        if (chunk < 0 || objects < 0 || lines < 0 || invalidLines < 0) {
            throw new IllegalArgumentException("a chunk summary cannot hold negative numbers");
        }
        if (objects + invalidLines > lines) {
            throw new IllegalArgumentException("more objects and invalid lines (" + (objects + invalidLines)
                    + ") than lines (" + lines + ")");
        }
    }
}
