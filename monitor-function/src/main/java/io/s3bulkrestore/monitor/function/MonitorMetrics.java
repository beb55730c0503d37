package io.s3bulkrestore.monitor.function;

import io.s3bulkrestore.metrics.Metric;
import io.s3bulkrestore.metrics.Metrics;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.Notifier;
import io.s3bulkrestore.ports.RestoreStatusChecker;

import java.util.Map;

/**
 * The monitor's metrics, counted where its effects leave the function: each notification published (and the jobs
 * ended, by the status of their terminal notification) and each restore status asked of S3. A notification
 * published again after a crash is counted again.
 */
final class MonitorMetrics {

    private static final Map<JobStatus, Metric> ENDED = Map.of(
            JobStatus.COMPLETE, Metric.JOBS_COMPLETE,
            JobStatus.FAILED, Metric.JOBS_FAILED,
            JobStatus.CANCELLED, Metric.JOBS_CANCELLED,
            JobStatus.TIMEOUT, Metric.JOBS_TIMED_OUT);

    private MonitorMetrics() {
    }

    static Notifier countingNotifications(Notifier notifier, Metrics metrics) {
        return (JobNotification notification) -> {
            notifier.publish(notification);
            metrics.add(Metric.NOTIFICATIONS_PUBLISHED, 1);
            Metric ended = ENDED.get(notification.status());
            if (ended != null) {
                metrics.add(ended, 1);
            }
        };
    }

    static RestoreStatusChecker countingChecks(RestoreStatusChecker checker, Metrics metrics) {
        return object -> {
            metrics.add(Metric.RESTORE_STATUS_CHECKS, 1);
            return checker.restoreStatus(object);
        };
    }
}
