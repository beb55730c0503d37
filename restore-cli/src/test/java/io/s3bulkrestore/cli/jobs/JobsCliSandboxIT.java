package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.cli.JobsCliRun;
import io.s3bulkrestore.sandbox.Sandbox;
import io.s3bulkrestore.sandbox.SandboxSettings;
import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import io.s3bulkrestore.sandbox.demo.DemoObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs commands against the real API: the sandbox (DynamoDB Local, moto, the Batch Operations emulator and the
 * functions' handlers) in this JVM, reached over HTTP with the URL and key a user of {@code ./sandbox serve} would
 * export. Manifest jobs only: the quote and confirm path is checked against the contract in {@link JobsCommandsTest}.
 */
class JobsCliSandboxIT {

    private static Sandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        // 20 tasks/s: a 300-object job is still initiating restores 10 s after it starts, time enough to cancel it
        var batch = BatchEmulatorSettings.defaults().withTasksPerSecond(20).withRestoreSpan(Duration.ofSeconds(2))
                .withRestorePollInterval(Duration.ofMillis(250));
        sandbox = Sandbox.start(SandboxSettings.defaults(DemoObjects.BUCKETS).withBatch(batch)
                .withMonitorInterval(Duration.ofMillis(500)));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static JobsCliRun cli() {
        return new JobsCliRun().realSleeps().env(Map.of(
                ApiEndpoint.URL_VARIABLE, sandbox.apiEndpoint().toString(),
                ApiEndpoint.KEY_VARIABLE, sandbox.apiKey()));
    }

    private static String create(DemoObjects.Manifest manifest, String tag) throws IOException {
        JobsCliRun.Result created = cli().run("jobs", "create", "--manifest", "s3://" + manifest.bucket() + "/" + manifest.key(),
                "--tier", "BULK", "--days", "3", "--client-tag", tag, "--yes", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode job = HttpJobsApi.JSON.readTree(created.out());
        assertThat(job.path("JobId").asText()).isNotBlank();
        return job.path("JobId").asText();
    }

    @Test
    void shouldCreateGetListWatchToCompleteAndCancelManifestJobs() throws Exception {
        String run = "cli-" + System.nanoTime();
        // Given 40 archived objects in a CSV manifest
        var manifest = DemoObjects.create(sandbox.clients(), run, 40, 0);

        // When a job is created with the CLI
        String jobId = create(manifest, run);

        // Then get and list show it
        JobsCliRun.Result got = cli().run("jobs", "get", jobId);
        assertThat(got.exitCode()).as(got.err()).isZero();
        assertThat(got.out()).contains("Job         " + jobId, "manifest s3://" + manifest.bucket() + "/" + manifest.key(),
                "Tier        BULK, restored copies kept 3 days", "Client tag  " + run);
        JobsCliRun.Result listed = cli().run("jobs", "list", "--json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(HttpJobsApi.JSON.readTree(listed.out()).path("Jobs").findValuesAsText("JobId")).contains(jobId);

        // and watch follows it to Complete and exits 0
        JobsCliRun.Result watched = cli().run("jobs", "watch", jobId, "--interval", "1");
        assertThat(watched.exitCode()).as(watched.err()).isZero();
        assertThat(watched.out()).contains("Status      Complete", "40 restored, 0 failed, 0 skipped, 0 pending of 40",
                "Report      s3://");

        // Given a second, larger job
        String second = create(DemoObjects.create(sandbox.clients(), run + "-cancelled", 300, 0), run + "-cancelled");

        // When it is cancelled at once
        JobsCliRun.Result cancelled = cli().run("jobs", "cancel", second);
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).contains(second);

        // Then watch ends with it Cancelled, exit 4
        JobsCliRun.Result watchedCancel = cli().run("jobs", "watch", second, "--interval", "1");
        assertThat(watchedCancel.exitCode()).as(watchedCancel.out() + watchedCancel.err()).isEqualTo(4);
        assertThat(watchedCancel.out()).contains("Status      Cancelled");
        // and the list filtered by status finds it
        JobsCliRun.Result cancelledJobs = cli().run("jobs", "list", "--status", "Cancelled", "--json");
        assertThat(HttpJobsApi.JSON.readTree(cancelledJobs.out()).path("Jobs").findValuesAsText("JobId")).contains(second);
    }

    @Test
    void shouldPrintTheApisFieldErrorForAManifestOutsideTheAllowedBuckets() {
        JobsCliRun.Result run = cli().run("jobs", "create", "--manifest", "s3://not-allowed-bucket/m.csv", "--days", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("(field bucket)");
    }
}
