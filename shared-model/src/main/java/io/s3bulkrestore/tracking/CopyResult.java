package io.s3bulkrestore.tracking;

import java.util.Objects;
import java.util.Optional;

/**
 * How the copy of a restored object ended for a job with a {@code copy} option, as recorded on the object's
 * membership once, by the copy worker (DESIGN §1, copy-after-restore). A copy still to be made has no result.
 *
 * @param code S3's error code of a failed copy, or what said the restored copy had expired
 */
public record CopyResult(Kind kind, Optional<String> code) {

    public enum Kind {
        /** The destination holds the copy (written by the worker, or found there from an earlier attempt). */
        COPIED,
        /** The copy failed for good (permissions, a missing bucket, retries exhausted). */
        FAILED,
        /** The restored copy expired before it was copied: only a new restore makes the object copyable. */
        EXPIRED
    }

    public CopyResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        if (kind == Kind.COPIED && code.isPresent()) {
            throw new IllegalArgumentException("a copy that was made has no error code");
        }
    }

    public static CopyResult copied() {
        return new CopyResult(Kind.COPIED, Optional.empty());
    }

    public static CopyResult failed(String code) {
        return new CopyResult(Kind.FAILED, Optional.of(code));
    }

    public static CopyResult expired(String code) {
        return new CopyResult(Kind.EXPIRED, Optional.of(code));
    }

    public boolean isCopied() {
        return kind == Kind.COPIED;
    }
}
