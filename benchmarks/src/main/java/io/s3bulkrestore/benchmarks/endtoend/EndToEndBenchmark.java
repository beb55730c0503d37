package io.s3bulkrestore.benchmarks.endtoend;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.sandbox.demo.DemoCommand;
import picocli.CommandLine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark 5: the sandbox demo with 10,000 objects (restores spread over 30 s), timed from start (sandbox up,
 * objects archived) and from {@code POST /jobs} to the Complete notification, and the delay from the last
 * restore to that notification. Times only, so {@code --quick} skips it. There is no naive baseline: the
 * figures are ours alone.
 */
public final class EndToEndBenchmark implements Benchmark {

    static final int OBJECTS = 10_000;

    @Override
    public String name() {
        return "end-to-end";
    }

    @Override
    public List<Figure> run(boolean quick) throws Exception {
        if (quick) {
            return List.of();
        }
        var demo = new DemoCommand(System.err); // its transcript with the progress log; the table stays on stdout
        new CommandLine(demo).parseArgs("--objects", Integer.toString(OBJECTS), "--restore-span", "30s", "--failure-share", "0");
        DemoCommand.Outcome outcome = demo.run();
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("the " + OBJECTS + "-object demo did not complete: " + outcome);
        }
        String label = String.format("sandbox demo, %,d objects: ", OBJECTS);
        return List.of(
                new Figure(name(), label + "wall time, start to Complete (s)", seconds(outcome.wallTime()),
                        Optional.empty(), false, Optional.empty()),
                new Figure(name(), label + "POST /jobs to Complete (s)", seconds(outcome.createdToTerminal().orElseThrow()),
                        Optional.empty(), false, Optional.empty()),
                new Figure(name(), label + "last restore to Complete notification (s)",
                        seconds(outcome.lastRestoreToTerminal().orElseThrow()), Optional.empty(), false, Optional.empty()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
