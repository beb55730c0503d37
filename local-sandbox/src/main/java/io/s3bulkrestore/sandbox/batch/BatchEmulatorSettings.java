package io.s3bulkrestore.sandbox.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How the emulator paces work.
 *
 * @param tasksPerSecond      how fast a job initiates restores (0 or less: as fast as S3 answers)
 * @param restoreSpan         how long after its initiation a restore completes (objects are spread over the
 *                            second half of the span); zero completes them at the next poll
 * @param restorePollInterval how often due restores are completed (HEADed, see {@link RestoreCompleter})
 */
public record BatchEmulatorSettings(double tasksPerSecond, Duration restoreSpan, Duration restorePollInterval) {

    public static final double DEFAULT_TASKS_PER_SECOND = 500;
    public static final Duration DEFAULT_RESTORE_SPAN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    public BatchEmulatorSettings {
        Objects.requireNonNull(restoreSpan, "restoreSpan");
        Objects.requireNonNull(restorePollInterval, "restorePollInterval");
        if (restoreSpan.isNegative()) {
            throw new IllegalArgumentException("restoreSpan must not be negative");
        }
        if (restorePollInterval.isNegative() || restorePollInterval.isZero()) {
            throw new IllegalArgumentException("restorePollInterval must be positive");
        }
    }

    public static BatchEmulatorSettings defaults() {
        return new BatchEmulatorSettings(DEFAULT_TASKS_PER_SECOND, DEFAULT_RESTORE_SPAN, DEFAULT_POLL_INTERVAL);
    }

    public BatchEmulatorSettings withTasksPerSecond(double rate) {
        return new BatchEmulatorSettings(rate, restoreSpan, restorePollInterval);
    }

    public BatchEmulatorSettings withRestoreSpan(Duration span) {
        return new BatchEmulatorSettings(tasksPerSecond, span, restorePollInterval);
    }

    public BatchEmulatorSettings withRestorePollInterval(Duration interval) {
        return new BatchEmulatorSettings(tasksPerSecond, restoreSpan, interval);
    }
}
