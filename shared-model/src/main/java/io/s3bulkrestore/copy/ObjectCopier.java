package io.s3bulkrestore.copy;

import java.util.Optional;

/**
 * Copies one restored object version to its destination, at most once: a destination that already holds a copy of
 * this source version is left as it is ({@link CopyOutcome.AlreadyCopied}). Never throws for what S3 answers; every
 * answer is a {@link CopyOutcome}, so a caller can record it and move on to the next object.
 *
 * <p>A copy too large for the time it is given stops between parts and keeps them
 * ({@link CopyOutcome.Unfinished}); called again with the resume token it answered, it copies only the rest.
 */
public interface ObjectCopier {

    /**
     * @param resumeToken the token of an {@link CopyOutcome.Unfinished} answer for this same request, if any: the
     *                    copier checks it still fits (the same source version) and starts over when it does not
     * @param timeLeft    how long the copy may run; it starts no part it could not finish in that time
     */
    CopyOutcome copy(CopyRequest request, Optional<String> resumeToken, TimeLeft timeLeft);

    /** A whole copy, however long it takes. */
    default CopyOutcome copy(CopyRequest request) {
        return copy(request, Optional.empty(), TimeLeft.unlimited());
    }

    /**
     * The unfinished copy this token describes will not be continued: frees what it holds (the open upload's
     * parts, stored and billed until then). Best effort, never throws.
     */
    void abandon(CopyRequest request, String resumeToken);
}
