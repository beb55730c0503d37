package io.s3bulkrestore.sandbox;

import io.s3bulkrestore.sandbox.main.SandboxMain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./sandbox serve} as a user runs it: a JVM of its own, stopped with SIGTERM (what Ctrl-C's shutdown
 * amounts to for the JVM's shutdown hooks).
 */
class ServeCommandIT {

    @TempDir
    Path dir;

    @Test
    void shouldPrintTheQueuesAndKeepItsLogAfterItStops() throws Exception {
        Path log = dir.resolve("sandbox.log");
        Files.writeString(log, "a line from an earlier run\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process serve = new ProcessBuilder(java.toString(), "-Dsandbox.logFile=" + log,
                "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName(), "serve", "--api-port", "0")
                .redirectErrorStream(true).start();
        List<String> printed = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                printed.add(line);
                if (line.startsWith("Try it:")) {
                    break;
                }
            }
            String logWhileRunning = Files.readString(log);

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();

            String output = String.join("\n", printed);
            assertThat(output).as(output)
                    .containsPattern("ingest queue +http://127\\.0\\.0\\.1:\\d+/\\d+/s3-bulk-restore-ingest\n")
                    .containsPattern("ingest DLQ +http://127\\.0\\.0\\.1:\\d+/\\d+/s3-bulk-restore-ingest-dlq\n")
                    .containsPattern("events queue +http://127\\.0\\.0\\.1:\\d+/\\d+/s3-bulk-restore-restore-events\n")
                    .containsPattern("events DLQ +http://127\\.0\\.0\\.1:\\d+/\\d+/s3-bulk-restore-restore-events-dlq\n")
                    .contains("arn:aws:sqs:us-east-1:123456789012:s3-bulk-restore-ingest-dlq")
                    .contains("arn:aws:sqs:us-east-1:123456789012:s3-bulk-restore-restore-events-dlq")
                    .contains("logs         " + log);
            assertThat(logWhileRunning).contains("sandbox serve started").contains("sandbox started in");
            assertThat(Files.readString(log)).as("the log after serve stopped")
                    .startsWith("a line from an earlier run\n")
                    .contains(logWhileRunning.lines().toList());
        } finally {
            serve.destroyForcibly();
        }
    }
}
