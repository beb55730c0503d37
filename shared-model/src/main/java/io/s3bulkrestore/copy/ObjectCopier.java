package io.s3bulkrestore.copy;

/**
 * Copies one restored object version to its destination, at most once: a destination that already holds a copy of
 * this source version is left as it is ({@link CopyOutcome.AlreadyCopied}). Never throws for what S3 answers; every
 * answer is a {@link CopyOutcome}, so a caller can record it and move on to the next object.
 */
@FunctionalInterface
public interface ObjectCopier {

    CopyOutcome copy(CopyRequest request);
}
