package io.s3bulkrestore.restore;

/** What happened to one object; the summary counts these. */
public enum ObjectOutcome {
    /** RestoreObject accepted (202). */
    RESTORE_STARTED,
    /** A restored copy existed and --extend asked for a new expiry (RestoreObject answered 200). */
    EXPIRY_EXTENDED,
    /** A restored copy exists; nothing sent (or S3 answered 200 to a restore we thought was needed). */
    ALREADY_RESTORED,
    /** A restore was running already (seen in the state, or S3 answered 409 RestoreAlreadyInProgress). */
    IN_PROGRESS,
    /** Readable without a restore (or S3 answered 403 ObjectAlreadyInActiveTierError). */
    NOT_ARCHIVED,
    /** Dry run: a restore would be sent. */
    WOULD_RESTORE,
    /** Not restorable as asked (Expedited on Deep Archive). Counts as a failure for the exit code. */
    REFUSED,
    /** S3 refused or failed after retries. */
    FAILED;

    public boolean isFailure() {
        return this == REFUSED || this == FAILED;
    }
}
