package io.s3bulkrestore.sandbox;

import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the sandbox runs: the loopback port and key of its REST API, the buckets jobs may use, and the pace of
 * the things that take hours in AWS (restores) or minutes (the monitor's schedule).
 *
 * @param apiPort          the REST API's port; 0 picks a free one
 * @param apiKey           the value of the {@code x-api-key} header every request must carry
 * @param allowedBuckets   buckets jobs may name (manifests and objects), created when missing
 * @param batch            the S3 Batch Operations emulator's pace (tasks per second, restore span)
 * @param monitorInterval  how often the progress monitor runs (the template's MonitorSchedule, rate(1 minute))
 * @param progressStepPercent a Restoring notification each time progress crosses the next step
 * @param routing          how restore events reach the restore-event function (EVENTBRIDGE, the default, or SQS)
 * @param clock            the functions' clock (tests move it to reach deadlines and quote expiry); the system's
 */
public record SandboxSettings(int apiPort, String apiKey, List<String> allowedBuckets, BatchEmulatorSettings batch,
                              Duration monitorInterval, int progressStepPercent, RoutingMode routing, Clock clock) {

    public static final String DEFAULT_API_KEY = "sandbox-api-key";
    public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(2);

    public SandboxSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        allowedBuckets = List.copyOf(allowedBuckets);
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(monitorInterval, "monitorInterval");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(clock, "clock");
        if (apiPort < 0 || apiPort > 65_535) {
            throw new IllegalArgumentException("the API port must be 0 (a free port) or 1-65535, not " + apiPort);
        }
        if (allowedBuckets.isEmpty()) {
            throw new IllegalArgumentException("at least one bucket must be allowed");
        }
        if (monitorInterval.isNegative() || monitorInterval.isZero()) {
            throw new IllegalArgumentException("the monitor interval must be positive");
        }
        if (progressStepPercent < 1 || progressStepPercent > 100) {
            throw new IllegalArgumentException("the progress step must be 1-100 %, not " + progressStepPercent);
        }
    }

    public static SandboxSettings defaults(List<String> allowedBuckets) {
        return new SandboxSettings(0, DEFAULT_API_KEY, allowedBuckets, BatchEmulatorSettings.defaults(),
                DEFAULT_MONITOR_INTERVAL, 10, RoutingMode.DEFAULT, Clock.systemUTC());
    }

    public SandboxSettings withBatch(BatchEmulatorSettings settings) {
        return new SandboxSettings(apiPort, apiKey, allowedBuckets, settings, monitorInterval, progressStepPercent, routing, clock);
    }

    public SandboxSettings withApiPort(int port) {
        return new SandboxSettings(port, apiKey, allowedBuckets, batch, monitorInterval, progressStepPercent, routing, clock);
    }

    public SandboxSettings withMonitorInterval(Duration interval) {
        return new SandboxSettings(apiPort, apiKey, allowedBuckets, batch, interval, progressStepPercent, routing, clock);
    }

    public SandboxSettings withClock(Clock functionsClock) {
        return new SandboxSettings(apiPort, apiKey, allowedBuckets, batch, monitorInterval, progressStepPercent, routing,
                functionsClock);
    }

    public SandboxSettings withRouting(RoutingMode mode) {
        return new SandboxSettings(apiPort, apiKey, allowedBuckets, batch, monitorInterval, progressStepPercent, mode, clock);
    }
}
