package io.s3bulkrestore.copy;

import java.util.Objects;
import java.util.Optional;

/** What copying one object came to. */
public sealed interface CopyOutcome {

    /**
     * The destination now holds a copy written by this call.
     *
     * @param destinationVersionId the new version's id; null in a bucket without versioning
     * @param etag                 the new object's ETag
     * @param parts                1 for a CopyObject, the number of parts for a multipart copy
     */
    record Copied(String destinationVersionId, String etag, int parts) implements CopyOutcome {
        public Copied {
            Objects.requireNonNull(etag, "etag");
            if (parts < 1) {
                throw new IllegalArgumentException("parts must be at least 1, got " + parts);
            }
        }

        public Optional<String> version() {
            return Optional.ofNullable(destinationVersionId);
        }
    }

    /**
     * The destination already held a copy of this source version (an earlier call, or a concurrent one, wrote it):
     * nothing was written.
     *
     * @param destinationVersionId the version holding the copy; null in a bucket without versioning
     */
    record AlreadyCopied(String destinationVersionId) implements CopyOutcome {
        public Optional<String> version() {
            return Optional.ofNullable(destinationVersionId);
        }
    }

    /**
     * The copy did not happen.
     *
     * @param code      S3's error code (AccessDenied, NoSuchBucket, SlowDown, ...) or one of ours
     *                  ({@code RestoreInProgress}, {@code NetworkError})
     * @param retryable whether trying again later can succeed (throttling, S3 errors, a lost race) or not (permissions,
     *                  a missing bucket, a rejected request)
     */
    record Failed(String code, boolean retryable) implements CopyOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * The copy stopped before its end and kept what it had copied: a multipart copy whose time ran out (or whose part
     * failed for a reason that may pass) leaves its upload open, and a call with {@code resumeToken} copies only the
     * parts still missing. Nothing is at the destination yet.
     *
     * @param resumeToken    the copier's own description of the open upload, to give back to it unchanged
     * @param partsDone      parts copied so far, by this call and the ones before
     * @param parts          parts in all
     * @param partsCopiedNow parts this call copied: 0 means it made no progress, which counts as a failed attempt
     *                       (only a copy resumed from the token it was given answers so, with that same token: a
     *                       copy started anew that copied nothing keeps nothing and answers {@link Failed}); more
     *                       means it did, which does not
     * @param code           why it stopped: {@link #OUT_OF_TIME} or S3's error code
     */
    record Unfinished(String resumeToken, int partsDone, int parts, int partsCopiedNow, String code)
            implements CopyOutcome {

        /** Our code for a copy whose time ran out. */
        public static final String OUT_OF_TIME = "OutOfTime";

        public Unfinished {
            Objects.requireNonNull(resumeToken, "resumeToken");
            Objects.requireNonNull(code, "code");
            if (parts < 1 || partsDone < 0 || partsDone > parts || partsCopiedNow < 0 || partsCopiedNow > partsDone) {
                throw new IllegalArgumentException("inconsistent part counts: " + partsCopiedNow + " copied now, "
                        + partsDone + " done of " + parts);
            }
        }

        /** Whether this call copied anything: progress, not a failure. */
        public boolean progressed() {
            return partsCopiedNow > 0;
        }
    }

    /**
     * The source is archived and no longer readable: its restored copy expired before it was copied (S3 answers
     * {@code ObjectNotInActiveTierError} / {@code InvalidObjectState}, HTTP 403, for a copy of it). Only a new
     * restore makes it copyable again; reported as such, never silently lost.
     *
     * @param code what told us: {@code RestoreExpired} (seen on HeadObject before copying) or S3's error code
     */
    record SourceRestoreExpired(String code) implements CopyOutcome {
        public SourceRestoreExpired {
            Objects.requireNonNull(code, "code");
        }
    }
}
