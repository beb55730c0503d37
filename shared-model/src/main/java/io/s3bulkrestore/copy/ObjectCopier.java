package io.s3bulkrestore.copy;

/**
 * Copies one restored object version to its destination, at most once: a destination that already holds a copy of
 * this source version is left as it is ({@link CopyOutcome.AlreadyCopied}). Never throws for what S3 answers; every
 * answer is a {@link CopyOutcome}, so a caller can record it and move on to the next object.
 */
@FunctionalInterface
public interface ObjectCopier {

    CopyOutcome copy(CopyRequest request);

    /**
     * A copy no earlier call can have made: the first delivery of its task, whose object's record shows no copy. The
     * copier may then skip asking whether the destination holds it already (one request less per object); a
     * copier that cannot tell the difference copies as {@link #copy}. A duplicate task delivered at the same moment
     * may then copy once more, writing the same bytes again: the record still counts the copy once.
     */
    default CopyOutcome copyFirstAttempt(CopyRequest request) {
        return copy(request);
    }
}
