package io.s3bulkrestore.cli;

import software.amazon.awssdk.services.s3.S3Client;

import io.s3bulkrestore.cli.jobs.JobsContext;
import io.s3bulkrestore.cli.jobs.Terminal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** Runs the CLI in-process with captured stdout/stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Function<ConnectionOptions, S3Client> s3, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        JobsContext noJobs = new JobsContext(outWriter, errWriter, Map.of(), Path.of("/nonexistent/s3-bulk-restore/config"),
                null, Terminal.NONE, duration -> {
                    throw new AssertionError("the restore and status commands do not wait for jobs");
                }, false);
        int exit = S3RestoreCli.commandLine(new CliContext(s3, outWriter, errWriter, false), noJobs).execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static Function<ConnectionOptions, S3Client> noS3() {
        return options -> {
            throw new AssertionError("a usage error must not reach S3");
        };
    }
}
