package io.s3bulkrestore.cli;

import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * What the commands need from outside: how to get an S3 client for the connection options, where to
 * write, and whether stderr is a terminal. main() wires the real ones; tests pass their own.
 */
record CliContext(Function<ConnectionOptions, S3Client> s3, PrintWriter out, PrintWriter err,
                  boolean stderrIsTerminal) {
}
