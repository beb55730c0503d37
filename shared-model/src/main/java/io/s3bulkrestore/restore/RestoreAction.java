package io.s3bulkrestore.restore;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** What to do with one object: send a RestoreObject (with or without Days) or leave it, and why. */
public sealed interface RestoreAction {

    /**
     * Send RestoreObject.
     *
     * @param days empty for Intelligent-Tiering: S3 rejects Days there, the object moves back to the
     *             frequent tier instead of getting a temporary copy
     */
    record Restore(RetrievalTier tier, OptionalInt days, boolean extension) implements RestoreAction {
    }

    /** Send nothing; the reason is reported to the user. */
    record Skip(SkipReason reason, Optional<Instant> restoredUntil, String detail) implements RestoreAction {
    }

    enum SkipReason {
        /** Readable now; nothing to restore. */
        NOT_ARCHIVED,
        /** A restore is already running. */
        IN_PROGRESS,
        /** A restored copy exists (until the expiry); re-restoring only extends it, which needs --extend. */
        ALREADY_RESTORED,
        /** The request cannot be honoured for this object (for example Expedited on Deep Archive). */
        REFUSED
    }
}
