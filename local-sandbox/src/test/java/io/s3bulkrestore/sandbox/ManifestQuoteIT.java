package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import io.s3bulkrestore.sandbox.demo.DemoObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV manifest jobs that ask for a quote ({@code "confirm": "manual"}) end to end in the sandbox: the emulator's
 * batch job with ConfirmationRequired counts the manifest's lines, the API shows the quote, and nothing is restored
 * until the confirm; a cancel before it, or a quote left to expire, ends the job with nothing restored.
 */
class ManifestQuoteIT {

    private static final String BUCKET = DemoObjects.ARCHIVE_BUCKET;
    private static final String MANIFESTS = DemoObjects.MANIFEST_BUCKET;
    private static final SourceJobsIT.MovableClock CLOCK = new SourceJobsIT.MovableClock();
    private static Sandbox sandbox;
    private static JobsApiClient api;

    private NotificationFeed feed;
    private String prefix;

    @BeforeAll
    static void startSandbox() {
        var batch = BatchEmulatorSettings.defaults().withTasksPerSecond(100).withRestoreSpan(Duration.ofSeconds(2))
                .withRestorePollInterval(Duration.ofMillis(250));
        sandbox = Sandbox.start(SandboxSettings.defaults(DemoObjects.BUCKETS).withBatch(batch)
                .withMonitorInterval(Duration.ofMillis(500)).withClock(CLOCK));
        api = new JobsApiClient(sandbox.apiEndpoint(), sandbox.apiKey());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void subscribe(TestInfo test) {
        feed = NotificationFeed.subscribe(sandbox.clients(), sandbox.resources().topicArn());
        prefix = test.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime() + "/";
    }

    @AfterEach
    void unsubscribe() {
        feed.close();
    }

    private String put(String name, StorageClass storageClass, AccessTier tier, int bytes) {
        String key = prefix + name;
        sandbox.clients().s3().putObject(b -> {
            b.bucket(BUCKET).key(key).storageClass(storageClass);
            if (tier != null) {
                b.tagging(IntelligentTieringTiers.tagging(tier));
            }
        }, RequestBody.fromString("x".repeat(bytes)));
        return key;
    }

    private String manifest(List<String> keys) {
        String key = prefix + "manifest.csv";
        String csv = keys.stream().map(k -> BUCKET + "," + k).collect(Collectors.joining("\n"));
        sandbox.clients().s3().putObject(b -> b.bucket(MANIFESTS).key(key), RequestBody.fromString(csv + "\n"));
        return key;
    }

    private String manualBody(String manifestKey) {
        return """
                {"bucket":"%s","key":"%s","tier":"BULK","expiration_days":3,"confirm":"manual"}"""
                .formatted(MANIFESTS, manifestKey);
    }

    private JsonNode until(String jobId, Predicate<JsonNode> done, Duration timeout) throws InterruptedException {
        return JobWaits.until(api, jobId, done, timeout);
    }

    private JsonNode quoted(String jobId) throws InterruptedException {
        return until(jobId, job -> job.path("Quote").path("Ready").asBoolean(), Duration.ofSeconds(60));
    }

    private Notification terminal(String jobId, Duration timeout) throws InterruptedException {
        return JobWaits.terminal(feed, jobId, timeout);
    }

    private boolean restoreRequested(String key) {
        return sandbox.clients().s3().headObject(b -> b.bucket(BUCKET).key(key)).restore() != null;
    }

    @Test
    void shouldQuoteAManifestThenRestoreItOnlyOnceConfirmed() throws Exception {
        // Given a manifest of Glacier, Deep Archive, Intelligent-Tiering archive and STANDARD objects
        List<String> keys = List.of(
                put("g0.dat", StorageClass.GLACIER, null, 100),
                put("g1.dat", StorageClass.GLACIER, null, 100),
                put("d0.dat", StorageClass.DEEP_ARCHIVE, null, 300),
                put("ita.dat", StorageClass.INTELLIGENT_TIERING, AccessTier.ARCHIVE_ACCESS, 50),
                put("s0.dat", StorageClass.STANDARD, null, 7));

        // When a job over it asks for a quote
        var created = api.createJob(manualBody(manifest(keys)), Optional.empty());

        // Then it waits with an exact count and, the manifest being small, exact classes and bytes
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        assertThat(created.text("Status")).isEqualTo("AwaitingConfirmation");
        String jobId = created.text("JobId");
        JsonNode job = quoted(jobId);
        JsonNode quote = job.path("Quote");
        assertThat(job.path("Status").asText()).isEqualTo("AwaitingConfirmation");
        assertThat(job.path("Confirm").asText()).isEqualTo("manual");
        assertThat(quote.path("Objects").asLong()).isEqualTo(5);
        assertThat(quote.path("Bytes").asLong()).isEqualTo(2 * 100 + 300 + 50);
        assertThat(quote.path("BytesExact").asBoolean()).isTrue();
        assertThat(quote.path("BytesMethod").asText()).contains("1 not archived");
        Map<String, Long> perClass = new LinkedHashMap<>();
        quote.path("ByStorageClass").forEach(line -> perClass.put(line.path("StorageClass").asText(),
                line.path("Objects").asLong()));
        assertThat(perClass).containsOnly(Map.entry("GLACIER", 2L), Map.entry("DEEP_ARCHIVE", 1L),
                Map.entry("INTELLIGENT_TIERING", 1L));
        assertThat(job.path("TotalObjects").isNull()).as("nothing registered before the confirm").isTrue();
        assertThat(restoreRequested(prefix + "g0.dat")).as("nothing restored before the confirm").isFalse();

        // When it is confirmed
        var confirmed = api.confirmJob(jobId);
        assertThat(confirmed.status()).as(confirmed.rawBody()).isEqualTo(202);
        assertThat(confirmed.text("Status")).isEqualTo("Restoring");

        // Then one Complete: the Glacier classes restored, the Intelligent-Tiering archive one by the follow-up
        // batch job, the STANDARD one skipped
        Notification complete = terminal(jobId, Duration.ofMinutes(2));
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("TotalObjects")).isEqualTo("5");
        assertThat(complete.field("RestoredObjects")).isEqualTo("4");
        assertThat(complete.field("SkippedObjects")).isEqualTo("1");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        until(jobId, j -> j.path("Status").asText().equals("Complete"), Duration.ofSeconds(30));
        assertThat(api.confirmJob(jobId).status()).as("confirming a finished job").isEqualTo(409);
    }

    @Test
    void shouldEndCancelledWithNothingRestoredWhenCancelledBeforeTheConfirm() throws Exception {
        String key = put("a.dat", StorageClass.GLACIER, null, 10);
        String jobId = api.createJob(manualBody(manifest(List.of(key))), Optional.empty()).text("JobId");
        assertThat(quoted(jobId).path("Quote").path("Objects").asLong()).isEqualTo(1);

        var cancelled = api.cancelJob(jobId);

        assertThat(cancelled.status()).as(cancelled.rawBody()).isEqualTo(202);
        Notification ended = terminal(jobId, Duration.ofSeconds(60));
        assertThat(ended.status()).isEqualTo("Cancelled");
        JsonNode job = until(jobId, j -> j.path("Status").asText().equals("Cancelled"), Duration.ofSeconds(30));
        assertThat(job.path("FailureReason").asText()).contains("before it was confirmed");
        assertThat(restoreRequested(key)).isFalse();
        assertThat(api.confirmJob(jobId).status()).isEqualTo(409);
    }

    @Test
    void shouldCancelAQuoteLeftUnconfirmedPastItsExpiry() throws Exception {
        String key = put("a.dat", StorageClass.GLACIER, null, 10);
        String jobId = api.createJob(manualBody(manifest(List.of(key))), Optional.empty()).text("JobId");
        quoted(jobId);

        CLOCK.moveAhead(Duration.ofDays(8));
        JsonNode job;
        try {
            Notification ended = terminal(jobId, Duration.ofSeconds(60));
            assertThat(ended.status()).isEqualTo("Cancelled");
            job = until(jobId, j -> j.path("Status").asText().equals("Cancelled"), Duration.ofSeconds(30));
        } finally {
            CLOCK.moveAhead(Duration.ofDays(-8));
        }
        assertThat(job.path("FailureReason").asText()).contains("the quote expired unconfirmed after 7 days");
        assertThat(restoreRequested(key)).isFalse();
    }

    @Test
    void shouldRefuseAConfirmModeItDoesNotKnowNamingTheField() {
        var refused = api.createJob("""
                {"bucket":"%s","key":"m.csv","expiration_days":3,"confirm":"later"}""".formatted(MANIFESTS),
                Optional.empty());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("field").asText()).isEqualTo("confirm");
    }
}
