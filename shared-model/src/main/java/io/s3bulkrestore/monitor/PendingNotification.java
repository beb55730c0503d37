package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobStatus;

import java.util.Objects;

/**
 * The outbox entry on a job: a notification the monitor is about to publish, recorded before publishing
 * and cleared once it was published. A tick that finds one still there (the previous tick stopped between
 * publishing and recording) re-sends it with the same id, status and step before deciding anything new.
 */
public record PendingNotification(String notificationId, JobStatus status, int step) {

    public PendingNotification {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(status, "status");
    }

    public static PendingNotification of(String jobId, JobStatus status, int step) {
        return new PendingNotification(JobNotification.idOf(jobId, status, step), status, step);
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }
}
