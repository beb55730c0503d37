package io.s3bulkrestore.monitor.function;

import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.Notifier;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorMetricsTest {

    private final List<String> lines = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics("MonitorFunction", Clock.systemUTC(), lines::add);

    @Test
    void shouldCountEveryNotificationPublishedAndTheJobsEndedByStatus() {
        RecordingNotifier recording = new RecordingNotifier();
        Notifier notifier = MonitorMetrics.countingNotifications(recording, metrics);
        RestoreStatusChecker checker = MonitorMetrics.countingChecks(object -> Optional.empty(), metrics);

        notifier.publish(RecordingNotifierSamples.notification("Restoring"));
        notifier.publish(RecordingNotifierSamples.notification("Complete"));
        notifier.publish(RecordingNotifierSamples.notification("Timeout"));
        checker.restoreStatus(ObjectId.of("b", "k"));
        metrics.flush();

        assertThat(recording.statuses()).containsExactly("Restoring", "Complete", "Timeout");
        assertThat(lines).singleElement().satisfies(line -> assertThat(line).contains("\"RestoreStatusChecks\":1,",
                "\"NotificationsPublished\":3,", "\"JobsComplete\":1,", "\"JobsTimedOut\":1}"));
    }

    @Test
    void shouldNotCountANotificationThatFailedToPublish() {
        Notifier failing = MonitorMetrics.countingNotifications(notification -> {
            throw new IllegalStateException("SNS is down");
        }, metrics);

        try {
            failing.publish(RecordingNotifierSamples.notification("Complete"));
        } catch (IllegalStateException expected) {
            // the monitor retries next tick
        }

        assertThat(metrics.flush()).isEmpty();
    }

    /** A notification of the given status. */
    private static final class RecordingNotifierSamples {
        static JobNotification notification(String status) {
            JobStatus parsed = JobStatus.fromDisplayName(status);
            return new JobNotification(JobNotification.idOf("job-1", parsed, 0), "job-1", "batch-1", parsed, 50, 0,
                    Optional.empty(), Optional.of(10L), 5, 0, Optional.of(5L), "Bulk", Optional.empty(),
                    Instant.now(), Optional.empty());
        }
    }
}
