package io.s3bulkrestore.restore;

/** The four answers of {@code status}: what a person wants to know about an object's archive state. */
public enum ObjectStatus {
    /** In an archive, no restore requested (or the last copy expired). */
    ARCHIVED,
    /** A restore is running. */
    RESTORING,
    /** A restored copy is readable (until its expiry). */
    RESTORED,
    /** Readable without any restore. */
    NOT_ARCHIVED;

    public static ObjectStatus of(ObjectArchiveState state) {
        if (state.restore().isPresent()) {
            return state.restore().get().ongoing() ? RESTORING : RESTORED;
        }
        return state.archive() == ArchiveClass.NOT_ARCHIVED ? NOT_ARCHIVED : ARCHIVED;
    }
}
