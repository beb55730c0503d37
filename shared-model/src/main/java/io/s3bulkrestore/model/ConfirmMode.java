package io.s3bulkrestore.model;

/** Whether a job waits for the user to confirm its quote before any restore is requested. */
public enum ConfirmMode {
    /** Start as soon as the job is accepted (a manifest job) or its objects are counted (a source job). */
    AUTO,
    /** Wait in AwaitingConfirmation with a quote until {@code POST /jobs/{id}/confirm}. */
    MANUAL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
