package io.s3bulkrestore.monitor;

/** Where bulk job notifications go (an SNS topic). */
public interface Notifier {

    /** Publishes the notification; may be called again with the same notification after a crash. */
    void publish(JobNotification notification);
}
