package io.s3bulkrestore.sandbox.demo;

import io.s3bulkrestore.sandbox.main.SandboxMain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, through the same entry point {@code ./sandbox demo} runs. */
class DemoIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SandboxMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void shouldRestoreEveryObjectAndExitZeroOnComplete() {
        // SQS routing here; SandboxEndToEndIT runs the default, EVENTBRIDGE.
        int exit = run("demo", "--routing", "sqs", "--objects", "400", "--failure-share", "0.05", "--restore-span", "4s");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err).isZero();
        assertThat(printed)
                .contains("Starting the sandbox (SQS routing)")
                .contains("POST /jobs -> 201")
                .contains("SNS Restoring")
                .contains("SNS Complete")
                .contains("Complete: 380 restored, 0 failed, 20 skipped (expected 20 objects never archived, skipped).")
                .contains("Results report: s3://s3-bulk-restore-reports/results/")
                .containsPattern("Wall time \\d+\\.\\d s .*last restore to the Complete notification: \\d+\\.\\d s");
    }

    @Test
    void shouldCopyEveryRestoredObjectWithCopyAndPrintTheCopyProgress() {
        int exit = run("demo", "--copy", "--objects", "100", "--failure-share", "0.05", "--restore-span", "3s");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err).isZero();
        assertThat(printed)
                .containsPattern("SNS Complete .*copied 95, copies failed 0")
                .contains("Complete: 95 restored, 0 failed, 5 skipped, 95 copied to s3://demo-copies (0 copies failed)"
                        + " (expected 5 objects never archived, skipped).")
                .containsPattern("CopyFunction +ObjectsCopied 95, CopiesFailed 0");
    }

    @Test
    void shouldQuoteConfirmAndRestoreAPrefixOfMixedStorageClasses() {
        // 60 objects: 3 STANDARD (every 20th), 19 Intelligent-Tiering (10 in the Archive Access tier), the rest
        // Glacier and Deep Archive
        int exit = run("demo", "--prefix", "--objects", "60", "--restore-span", "4s");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err).isZero();
        assertThat(printed)
                .contains("POST /jobs -> 201")
                .contains("AwaitingConfirmation")
                .contains("Quote: 57 objects (exact)")
                .containsPattern("GLACIER +19 objects")
                .containsPattern("DEEP_ARCHIVE +19 objects")
                .containsPattern("INTELLIGENT_TIERING +19 objects")
                .contains("/confirm -> 202: Restoring")
                .contains("Complete: 48 restored, 0 failed, 9 skipped (expected 9 Intelligent-Tiering objects in a"
                        + " frequent tier skipped as not archived; 3 STANDARD objects not selected).");
    }

    @Test
    void shouldRefuseBadOptionsWithTheOptionNamed() {
        int exit = run("demo", "--tier", "EXPEDITED");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tier must be STANDARD or BULK, not EXPEDITED");
    }

    @Test
    void shouldSayInOneLineWhenTheApiPortIsBusy() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            int exit = run("serve", "--api-port", Integer.toString(busy.getLocalPort()));

            assertThat(exit).isEqualTo(2);
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(message.lines()).hasSize(1);
            assertThat(message).contains("port " + busy.getLocalPort() + " is in use");
        }
    }
}
