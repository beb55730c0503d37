package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers;
import io.s3bulkrestore.sandbox.demo.DemoObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs over a source (a bucket, a prefix and filters, no manifest) end to end in the sandbox: Batch Operations'
 * manifest generator (our emulator) counts the objects of each archive class, the API shows an exact quote, and
 * the job starts only once confirmed; a cancel before that, or a quote left to expire, ends it with nothing restored.
 */
class SourceJobsIT {

    /** The functions' clock: the system's, moved forward by a test to reach a quote's expiry. */
    static final class MovableClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void moveAhead(Duration by) {
            ahead = ahead.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    }

    private static final String BUCKET = DemoObjects.ARCHIVE_BUCKET;
    private static final MovableClock CLOCK = new MovableClock();
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

    private void put(String key, StorageClass storageClass, int bytes) {
        sandbox.clients().s3().putObject(b -> b.bucket(BUCKET).key(key).storageClass(storageClass),
                RequestBody.fromBytes("x".repeat(bytes).getBytes(StandardCharsets.UTF_8)));
    }

    private String sourceBody(String filters, String confirm) {
        return """
                {"source":{"bucket":"%s","prefix":"%s"%s},"tier":"BULK","expiration_days":3,"confirm":"%s"}"""
                .formatted(BUCKET, prefix, filters, confirm);
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

    /** The results report: key -> outcome. */
    private Map<String, String> report(String reportUri) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        JobWaits.reportRows(sandbox, reportUri).forEach(f -> outcomes.put(f[1].replace("\"", ""), f[3]));
        return outcomes;
    }

    private boolean restoreRequested(String key) {
        return sandbox.clients().s3().headObject(b -> b.bucket(BUCKET).key(key)).restore() != null;
    }

    @Test
    void shouldQuoteEachClassExactlyThenRestoreThePrefixOnceConfirmed() throws Exception {
        // Given, under one prefix: Glacier and Deep Archive objects, Intelligent-Tiering ones in the Archive Access
        // and Deep Archive Access tiers and in a frequent tier, STANDARD ones, and objects the filters leave out
        // (another suffix, too large)
        for (int i = 0; i < 4; i++) {
            put(prefix + "g" + i + ".dat", StorageClass.GLACIER, 100 + i);
        }
        for (int i = 0; i < 3; i++) {
            put(prefix + "d" + i + ".dat", StorageClass.DEEP_ARCHIVE, 200);
        }
        put(prefix + "it0.dat", StorageClass.INTELLIGENT_TIERING, 50);
        put(prefix + "it1.dat", StorageClass.INTELLIGENT_TIERING, 50);
        put(prefix + "ita.dat", StorageClass.INTELLIGENT_TIERING, 60);
        IntelligentTieringTiers.putInArchiveTier(sandbox.clients().s3(), BUCKET, prefix + "ita.dat",
                IntelligentTieringTiers.AccessTier.ARCHIVE_ACCESS);
        put(prefix + "itd.dat", StorageClass.INTELLIGENT_TIERING, 60);
        IntelligentTieringTiers.putInArchiveTier(sandbox.clients().s3(), BUCKET, prefix + "itd.dat",
                IntelligentTieringTiers.AccessTier.DEEP_ARCHIVE_ACCESS);
        put(prefix + "s0.dat", StorageClass.STANDARD, 10);
        put(prefix + "s1.dat", StorageClass.STANDARD, 10);
        put(prefix + "g-other.txt", StorageClass.GLACIER, 100);
        put(prefix + "g-large.dat", StorageClass.GLACIER, 20_000);

        // When a job over the prefix is created
        var created = api.createJob(sourceBody(",\"suffix\":\".dat\",\"size_less_than_bytes\":10000", "manual"),
                Optional.empty());

        // Then it waits for confirmation with an exact quote per class
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        assertThat(created.text("Status")).isEqualTo("AwaitingConfirmation");
        String jobId = created.text("JobId");
        JsonNode job = quoted(jobId);
        JsonNode quote = job.path("Quote");
        assertThat(job.path("Status").asText()).isEqualTo("AwaitingConfirmation");
        assertThat(quote.path("Objects").asLong()).isEqualTo(11);
        assertThat(quote.path("ObjectsExact").asBoolean()).isTrue();
        assertThat(quote.path("Bytes").asLong()).isEqualTo(4 * 100 + 6 + 3 * 200 + 2 * 50 + 2 * 60);
        assertThat(quote.path("BytesExact").asBoolean()).isTrue();
        Map<String, Long> perClass = new LinkedHashMap<>();
        quote.path("ByStorageClass").forEach(line -> perClass.put(line.path("StorageClass").asText(),
                line.path("Objects").asLong()));
        assertThat(perClass).containsExactly(Map.entry("GLACIER", 4L), Map.entry("DEEP_ARCHIVE", 3L),
                Map.entry("INTELLIGENT_TIERING", 4L));
        assertThat(job.path("BatchJobs")).hasSize(3);
        assertThat(restoreRequested(prefix + "g0.dat")).as("nothing is restored before the confirm").isFalse();

        // When it is confirmed
        var confirmed = api.confirmJob(jobId);
        assertThat(confirmed.status()).as(confirmed.rawBody()).isEqualTo(202);
        assertThat(confirmed.text("Status")).isEqualTo("Restoring");

        // Then one Complete: the archived objects restored (Intelligent-Tiering ones without days, by their own batch
        // job), the Intelligent-Tiering ones in a frequent tier skipped as not archived, none failed
        Notification complete = terminal(jobId, Duration.ofMinutes(2));
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("TotalObjects")).isEqualTo("11");
        assertThat(complete.field("RestoredObjects")).isEqualTo("9");
        assertThat(complete.field("SkippedObjects")).isEqualTo("2");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        Map<String, String> outcomes = report(complete.field("ReportUri"));
        assertThat(outcomes).hasSize(11);
        assertThat(outcomes).containsEntry(prefix + "g0.dat", "restored").containsEntry(prefix + "d2.dat", "restored")
                .containsEntry(prefix + "ita.dat", "restored").containsEntry(prefix + "itd.dat", "restored")
                .containsEntry(prefix + "it0.dat", "not archived").containsEntry(prefix + "it1.dat", "not archived")
                .doesNotContainKeys(prefix + "s0.dat", prefix + "g-other.txt", prefix + "g-large.dat");
        assertThat(restoreRequested(prefix + "g-other.txt")).isFalse();
    }

    @Test
    void shouldEndCancelledWithNothingRestoredWhenCancelledBeforeTheConfirm() throws Exception {
        put(prefix + "a.dat", StorageClass.GLACIER, 10);
        put(prefix + "b.dat", StorageClass.DEEP_ARCHIVE, 10);
        String jobId = api.createJob(sourceBody("", "manual"), Optional.empty()).text("JobId");
        assertThat(quoted(jobId).path("Quote").path("Objects").asLong()).isEqualTo(2);

        var cancelled = api.cancelJob(jobId);

        assertThat(cancelled.status()).as(cancelled.rawBody()).isEqualTo(202);
        Notification ended = terminal(jobId, Duration.ofSeconds(60));
        assertThat(ended.status()).isEqualTo("Cancelled");
        assertThat(ended.field("TotalObjects")).isEqualTo("0");
        JsonNode job = until(jobId, j -> j.path("Status").asText().equals("Cancelled"), Duration.ofSeconds(30));
        assertThat(job.path("FailureReason").asText()).contains("before it was confirmed");
        assertThat(restoreRequested(prefix + "a.dat")).isFalse();
        assertThat(restoreRequested(prefix + "b.dat")).isFalse();
        assertThat(api.confirmJob(jobId).status()).isEqualTo(409);
    }

    @Test
    void shouldCancelAQuoteLeftUnconfirmedPastItsExpiry() throws Exception {
        put(prefix + "a.dat", StorageClass.GLACIER, 10);
        String jobId = api.createJob(sourceBody("", "manual"), Optional.empty()).text("JobId");
        JsonNode quote = quoted(jobId).path("Quote");
        assertThat(Duration.between(Instant.parse(quote.path("QuotedAt").asText()),
                Instant.parse(quote.path("ExpiresAt").asText()))).isEqualTo(Duration.ofDays(7));

        CLOCK.moveAhead(Duration.ofDays(8));
        JsonNode job;
        try {
            Notification ended = terminal(jobId, Duration.ofSeconds(60));
            assertThat(ended.status()).isEqualTo("Cancelled");
            job = until(jobId, j -> j.path("Status").asText().equals("Cancelled"), Duration.ofSeconds(30));
        } finally {
            // back to the real time: the other tests' restores are timed by moto and the emulator, not by this clock
            CLOCK.moveAhead(Duration.ofDays(-8));
        }
        assertThat(job.path("FailureReason").asText()).contains("the quote expired unconfirmed after 7 days");
        assertThat(restoreRequested(prefix + "a.dat")).isFalse();
    }

    @Test
    void shouldStartAtOnceWithConfirmAuto() throws Exception {
        put(prefix + "a.dat", StorageClass.GLACIER, 10);
        String jobId = api.createJob(sourceBody("", "auto"), Optional.empty()).text("JobId");

        Notification complete = terminal(jobId, Duration.ofMinutes(2));

        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("RestoredObjects")).isEqualTo("1");
    }

    @Test
    void shouldRefuseABadFilterNamingTheFieldAndCreateNothing() {
        var before = api.listJobs("limit=100").body().path("Jobs").size();

        var refused = api.createJob(sourceBody(",\"storage_classes\":[\"GLACIER\",\"STANDARD\"]", "manual"),
                Optional.empty());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("field").asText()).isEqualTo("source.storage_classes[1]");
        assertThat(api.listJobs("limit=100").body().path("Jobs").size()).isEqualTo(before);
    }
}
