package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs over a source (a bucket, a prefix and filters, no manifest) end to end in the sandbox: Batch Operations'
 * manifest generator (our emulator) counts the objects of each archive class, the API shows an exact quote, and
 * the job starts only once confirmed; a cancel before that, or a quote left to expire, ends it with nothing restored.
 */
class SourceJobsIT {

    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.restoringWithin(Duration.ofSeconds(2), CLOCK);

    private JobsApiClient api;
    private ArchivedObjects objects;
    private String prefix;

    @BeforeEach
    void objects() {
        api = SANDBOX.api();
        objects = SANDBOX.objects();
        prefix = objects.prefix();
    }

    private String sourceBody(String filters, String confirm) {
        return """
                {"source":{"bucket":"%s","prefix":"%s"%s},"tier":"BULK","expiration_days":3,"confirm":"%s"}"""
                .formatted(objects.bucket(), prefix, filters, confirm);
    }

    @Test
    void shouldQuoteEachClassExactlyThenRestoreThePrefixOnceConfirmed() throws Exception {
        // Given, under one prefix: Glacier and Deep Archive objects, Intelligent-Tiering ones in the Archive Access
        // and Deep Archive Access tiers and in a frequent tier, STANDARD ones, and objects the filters leave out
        // (another suffix, too large)
        for (int i = 0; i < 4; i++) {
            objects.put("g" + i + ".dat", StorageClass.GLACIER, 100 + i);
        }
        for (int i = 0; i < 3; i++) {
            objects.put("d" + i + ".dat", StorageClass.DEEP_ARCHIVE, 200);
        }
        objects.put("it0.dat", StorageClass.INTELLIGENT_TIERING, 50);
        objects.put("it1.dat", StorageClass.INTELLIGENT_TIERING, 50);
        objects.putInArchiveTier(objects.put("ita.dat", StorageClass.INTELLIGENT_TIERING, 60), AccessTier.ARCHIVE_ACCESS);
        objects.putInArchiveTier(objects.put("itd.dat", StorageClass.INTELLIGENT_TIERING, 60), AccessTier.DEEP_ARCHIVE_ACCESS);
        objects.put("s0.dat", StorageClass.STANDARD, 10);
        objects.put("s1.dat", StorageClass.STANDARD, 10);
        objects.put("g-other.txt", StorageClass.GLACIER, 100);
        objects.put("g-large.dat", StorageClass.GLACIER, 20_000);

        // When a job over the prefix is created
        var created = api.createJob(sourceBody(",\"suffix\":\".dat\",\"size_less_than_bytes\":10000", "manual"),
                Optional.empty());

        // Then it waits for confirmation with an exact quote per class
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        assertThat(created.text("Status")).isEqualTo("AwaitingConfirmation");
        String jobId = created.text("JobId");
        JsonNode job = SANDBOX.quoted(jobId);
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
        assertThat(objects.restoreRequested(prefix + "g0.dat")).as("nothing is restored before the confirm").isFalse();

        // When it is confirmed
        var confirmed = api.confirmJob(jobId);
        assertThat(confirmed.status()).as(confirmed.rawBody()).isEqualTo(202);
        assertThat(confirmed.text("Status")).isEqualTo("Restoring");

        // Then one Complete: the archived objects restored (Intelligent-Tiering ones without days, by their own batch
        // job), the Intelligent-Tiering ones in a frequent tier skipped as not archived, none failed
        Notification complete = SANDBOX.terminal(jobId, Duration.ofMinutes(2));
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("TotalObjects")).isEqualTo("11");
        assertThat(complete.field("RestoredObjects")).isEqualTo("9");
        assertThat(complete.field("SkippedObjects")).isEqualTo("2");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        Map<String, String> outcomes = SANDBOX.report(complete.field("ReportUri"), row -> row[3]);
        assertThat(outcomes).hasSize(11);
        assertThat(outcomes).containsEntry(prefix + "g0.dat", "restored").containsEntry(prefix + "d2.dat", "restored")
                .containsEntry(prefix + "ita.dat", "restored").containsEntry(prefix + "itd.dat", "restored")
                .containsEntry(prefix + "it0.dat", "not archived").containsEntry(prefix + "it1.dat", "not archived")
                .doesNotContainKeys(prefix + "s0.dat", prefix + "g-other.txt", prefix + "g-large.dat");
        assertThat(objects.restoreRequested(prefix + "g-other.txt")).isFalse();
    }

    @Test
    void shouldEndCancelledWithNothingRestoredWhenCancelledBeforeTheConfirm() throws Exception {
        objects.put("a.dat", StorageClass.GLACIER, 10);
        objects.put("b.dat", StorageClass.DEEP_ARCHIVE, 10);
        String jobId = api.createJob(sourceBody("", "manual"), Optional.empty()).text("JobId");
        assertThat(SANDBOX.quoted(jobId).path("Quote").path("Objects").asLong()).isEqualTo(2);

        var cancelled = api.cancelJob(jobId);

        assertThat(cancelled.status()).as(cancelled.rawBody()).isEqualTo(202);
        Notification ended = SANDBOX.terminal(jobId, Duration.ofSeconds(60));
        assertThat(ended.status()).isEqualTo("Cancelled");
        assertThat(ended.field("TotalObjects")).isEqualTo("0");
        JsonNode job = SANDBOX.untilStatus(jobId, "Cancelled");
        assertThat(job.path("FailureReason").asText()).contains("before it was confirmed");
        assertThat(objects.restoreRequested(prefix + "a.dat")).isFalse();
        assertThat(objects.restoreRequested(prefix + "b.dat")).isFalse();
        assertThat(api.confirmJob(jobId).status()).isEqualTo(409);
    }

    @Test
    void shouldCancelAQuoteLeftUnconfirmedPastItsExpiry() throws Exception {
        objects.put("a.dat", StorageClass.GLACIER, 10);
        String jobId = api.createJob(sourceBody("", "manual"), Optional.empty()).text("JobId");
        JsonNode quote = SANDBOX.quoted(jobId).path("Quote");
        assertThat(Duration.between(Instant.parse(quote.path("QuotedAt").asText()),
                Instant.parse(quote.path("ExpiresAt").asText()))).isEqualTo(Duration.ofDays(7));

        JsonNode job = CLOCK.whileAhead(Duration.ofDays(8), () -> {
            Notification ended = SANDBOX.terminal(jobId, Duration.ofSeconds(60));
            assertThat(ended.status()).isEqualTo("Cancelled");
            return SANDBOX.untilStatus(jobId, "Cancelled");
        });
        assertThat(job.path("FailureReason").asText()).contains("the quote expired unconfirmed after 7 days");
        assertThat(objects.restoreRequested(prefix + "a.dat")).isFalse();
    }

    @Test
    void shouldStartAtOnceWithConfirmAuto() throws Exception {
        objects.put("a.dat", StorageClass.GLACIER, 10);
        String jobId = api.createJob(sourceBody("", "auto"), Optional.empty()).text("JobId");

        Notification complete = SANDBOX.terminal(jobId, Duration.ofMinutes(2));

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
