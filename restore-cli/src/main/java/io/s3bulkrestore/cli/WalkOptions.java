package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.progress.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.function.Function;

/** The options of the commands that walk objects ({@code restore}, {@code status}): parallelism, output, progress. */
final class WalkOptions {

    static final int DEFAULT_CONCURRENCY = 16;
    private static final int MAX_CONCURRENCY = 256;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + DEFAULT_CONCURRENCY,
            description = "Objects handled in parallel (1..256). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--json", description = "Print the result as JSON on stdout (for scripts).")
    boolean json;

    @Option(names = "--progress", description = "Show the progress bar on stderr even when it is not a terminal.")
    boolean progress;

    void validate(CommandLine commandLine) {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new ParameterException(commandLine,
                    "--concurrency must be between 1 and " + MAX_CONCURRENCY + ", was " + concurrency);
        }
    }

    /**
     * Runs a walk with a progress bar on stderr when it walks a prefix and stderr is a terminal (or --progress asks),
     * and ends the bar's line before the result is printed.
     */
    <T> T walk(CliContext context, Target what, Function<ObjectWalker.Progress, T> work) {
        if (!(what instanceof Target.Prefix) || !(progress || context.stderrIsTerminal())) {
            return work.apply(ObjectWalker.Progress.NONE);
        }
        ProgressBar bar = new ProgressBar(context.err(), System::nanoTime);
        try {
            return work.apply(bar::update);
        } finally {
            bar.finish();
        }
    }
}
