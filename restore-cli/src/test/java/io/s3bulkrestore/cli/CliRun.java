package io.s3bulkrestore.cli;

import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Function;

/** Runs the CLI in-process with captured stdout/stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Function<ConnectionOptions, S3Client> s3, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = S3RestoreCli.commandLine(new CliContext(s3, new PrintWriter(out, true), new PrintWriter(err, true), false))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static Function<ConnectionOptions, S3Client> noS3() {
        return options -> {
            throw new AssertionError("a usage error must not reach S3");
        };
    }
}
