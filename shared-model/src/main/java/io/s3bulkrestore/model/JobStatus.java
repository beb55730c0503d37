package io.s3bulkrestore.model;

/**
 * Lifecycle of a restore job as the user sees it. The display names are the ones used in the API
 * and in notifications.
 */
public enum JobStatus {
    /**
     * A job that waits for its quote to be confirmed: Batch Operations counts its objects (a source job), then the
     * quote is shown until {@code POST /jobs/{id}/confirm}, a cancel, or the quote's expiry. Nothing is restored yet.
     */
    AWAITING_CONFIRMATION("AwaitingConfirmation"),
    /** The job is recorded and its Batch Operations job is being created. */
    SUBMITTING("Submitting"),
    /** The Batch Operations job exists; restores are being initiated and completed. */
    RESTORING("Restoring"),
    COMPLETE("Complete"),
    FAILED("Failed"),
    CANCELLED("Cancelled"),
    TIMEOUT("Timeout");

    private final String displayName;

    JobStatus(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isTerminal() {
        return this == COMPLETE || this == FAILED || this == CANCELLED || this == TIMEOUT;
    }

    public static JobStatus fromDisplayName(String name) {
        for (JobStatus status : values()) {
            if (status.displayName.equalsIgnoreCase(name) || status.name().equalsIgnoreCase(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown job status: " + name);
    }
}
