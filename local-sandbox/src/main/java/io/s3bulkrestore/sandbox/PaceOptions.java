package io.s3bulkrestore.sandbox;

import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import picocli.CommandLine.Option;

/** The options {@code demo} and {@code serve} share: how fast the emulated Batch Operations and restores go. */
public final class PaceOptions {

    @Option(names = "--restore-span", defaultValue = "30s",
            description = "how long restores take, spread over the second half of this span (e.g. 30s, 2m; default ${DEFAULT-VALUE})")
    String restoreSpan;

    @Option(names = "--tasks-per-second", defaultValue = "500",
            description = "how fast the Batch Operations emulator initiates restores (default ${DEFAULT-VALUE})")
    double tasksPerSecond;

    /** The emulator's settings; a bad value is an IllegalArgumentException naming the option. */
    public BatchEmulatorSettings batchSettings() {
        if (!(tasksPerSecond > 0)) {
            throw new IllegalArgumentException("--tasks-per-second must be positive, not " + tasksPerSecond);
        }
        return BatchEmulatorSettings.defaults().withTasksPerSecond(tasksPerSecond)
                .withRestoreSpan(Durations.parse("--restore-span", restoreSpan));
    }
}
