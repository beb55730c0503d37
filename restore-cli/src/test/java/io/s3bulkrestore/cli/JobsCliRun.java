package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.jobs.JobsContext;
import io.s3bulkrestore.cli.jobs.Terminal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code s3-restore ...} in-process for the jobs commands, with captured stdout / stderr, a given environment
 * and profile file, a terminal that answers what it is told (or none), and a sleeper that only counts.
 */
public final class JobsCliRun {

    private static final HttpClient HTTP = JobsContext.defaultHttpClient();

    private Map<String, String> env = Map.of();
    private Path configFile = Path.of("/nonexistent/s3-bulk-restore/config");
    private Terminal terminal = Terminal.NONE;
    private boolean stderrIsTerminal;
    private JobsContext.Sleeper sleeper;
    private final List<String> prompts = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
    }

    public JobsCliRun env(Map<String, String> env) {
        this.env = env;
        return this;
    }

    public JobsCliRun configFile(Path configFile) {
        this.configFile = configFile;
        return this;
    }

    /** A terminal on which the user types {@code answer} after each prompt. */
    public JobsCliRun answering(String answer) {
        this.terminal = prompt -> {
            prompts.add(prompt);
            return java.util.Optional.of(answer);
        };
        return this;
    }

    public JobsCliRun stderrIsTerminal() {
        this.stderrIsTerminal = true;
        return this;
    }

    /** Really sleep (against a real API); by default sleeps are only counted. */
    public JobsCliRun realSleeps() {
        this.sleeper = JobsContext.Sleeper.REAL;
        return this;
    }

    public List<String> prompts() {
        return prompts;
    }

    public List<Duration> sleeps() {
        return sleeps;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        JobsContext.Sleeper counting = duration -> {
            sleeps.add(duration);
            if (sleeper != null) {
                sleeper.sleep(duration);
            }
        };
        JobsContext jobs = new JobsContext(outWriter, errWriter, env, configFile, HTTP, terminal, counting, stderrIsTerminal);
        int exit = S3RestoreCli.commandLine(new CliContext(CliRun.noS3(), outWriter, errWriter, false), jobs).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
