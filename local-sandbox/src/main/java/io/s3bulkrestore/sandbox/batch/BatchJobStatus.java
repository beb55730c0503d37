package io.s3bulkrestore.sandbox.batch;

/** S3 Batch Operations job statuses, spelled as the API spells them. */
enum BatchJobStatus {
    New, Preparing, Suspended, Ready, Active, Pausing, Paused, Completing, Complete, Failing, Failed, Cancelling,
    Cancelled;

    boolean isTerminal() {
        return this == Complete || this == Failed || this == Cancelled;
    }

    /** Batch Operations accepts a cancellation only before the job has begun to finish. */
    boolean canBeCancelled() {
        return switch (this) {
            case New, Preparing, Suspended, Ready, Active, Pausing, Paused -> true;
            default -> false;
        };
    }
}
