package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import io.s3bulkrestore.sandbox.demo.DemoObjects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV manifest jobs that ask for a quote ({@code "confirm": "manual"}) end to end in the sandbox: the emulator's
 * batch job with ConfirmationRequired counts the manifest's lines, the API shows the quote, and nothing is restored
 * until the confirm; a cancel before it, or a quote left to expire, ends the job with nothing restored.
 */
class ManifestQuoteIT {

    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.restoringWithin(Duration.ofSeconds(2), CLOCK);

    private JobsApiClient api;
    private ArchivedObjects objects;

    @BeforeEach
    void objects() {
        api = SANDBOX.api();
        objects = SANDBOX.objects();
    }

    private String manualBody(String manifestKey) {
        return """
                {"bucket":"%s","key":"%s","tier":"BULK","expiration_days":3,"confirm":"manual"}"""
                .formatted(objects.manifestBucket(), manifestKey);
    }

    @Test
    void shouldQuoteAManifestThenRestoreItOnlyOnceConfirmed() throws Exception {
        // Given a manifest of Glacier, Deep Archive, Intelligent-Tiering archive and STANDARD objects
        List<String> keys = List.of(
                objects.put("g0.dat", StorageClass.GLACIER, 100),
                objects.put("g1.dat", StorageClass.GLACIER, 100),
                objects.put("d0.dat", StorageClass.DEEP_ARCHIVE, 300),
                objects.put("ita.dat", StorageClass.INTELLIGENT_TIERING, AccessTier.ARCHIVE_ACCESS, 50),
                objects.put("s0.dat", StorageClass.STANDARD, 7));

        // When a job over it asks for a quote
        var created = api.createJob(manualBody(objects.manifest(keys)), Optional.empty());

        // Then it waits with an exact count and, the manifest being small, exact classes and bytes
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        assertThat(created.text("Status")).isEqualTo("AwaitingConfirmation");
        String jobId = created.text("JobId");
        JsonNode job = SANDBOX.quoted(jobId);
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
        assertThat(objects.restoreRequested(keys.get(0))).as("nothing restored before the confirm").isFalse();

        // When it is confirmed
        var confirmed = api.confirmJob(jobId);
        assertThat(confirmed.status()).as(confirmed.rawBody()).isEqualTo(202);
        assertThat(confirmed.text("Status")).isEqualTo("Restoring");

        // Then one Complete: the Glacier classes restored, the Intelligent-Tiering archive one by the follow-up
        // batch job, the STANDARD one skipped
        Notification complete = SANDBOX.terminal(jobId, Duration.ofMinutes(2));
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("TotalObjects")).isEqualTo("5");
        assertThat(complete.field("RestoredObjects")).isEqualTo("4");
        assertThat(complete.field("SkippedObjects")).isEqualTo("1");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        SANDBOX.untilStatus(jobId, "Complete");
        assertThat(api.confirmJob(jobId).status()).as("confirming a finished job").isEqualTo(409);
    }

    @Test
    void shouldEndCancelledWithNothingRestoredWhenCancelledBeforeTheConfirm() throws Exception {
        String key = objects.put("a.dat", StorageClass.GLACIER, 10);
        String jobId = api.createJob(manualBody(objects.manifest(List.of(key))), Optional.empty()).text("JobId");
        assertThat(SANDBOX.quoted(jobId).path("Quote").path("Objects").asLong()).isEqualTo(1);

        var cancelled = api.cancelJob(jobId);

        assertThat(cancelled.status()).as(cancelled.rawBody()).isEqualTo(202);
        Notification ended = SANDBOX.terminal(jobId, Duration.ofSeconds(60));
        assertThat(ended.status()).isEqualTo("Cancelled");
        JsonNode job = SANDBOX.untilStatus(jobId, "Cancelled");
        assertThat(job.path("FailureReason").asText()).contains("before it was confirmed");
        assertThat(objects.restoreRequested(key)).isFalse();
        assertThat(api.confirmJob(jobId).status()).isEqualTo(409);
    }

    @Test
    void shouldCancelAQuoteLeftUnconfirmedPastItsExpiry() throws Exception {
        String key = objects.put("a.dat", StorageClass.GLACIER, 10);
        String jobId = api.createJob(manualBody(objects.manifest(List.of(key))), Optional.empty()).text("JobId");
        SANDBOX.quoted(jobId);

        JsonNode job = CLOCK.whileAhead(Duration.ofDays(8), () -> {
            Notification ended = SANDBOX.terminal(jobId, Duration.ofSeconds(60));
            assertThat(ended.status()).isEqualTo("Cancelled");
            return SANDBOX.untilStatus(jobId, "Cancelled");
        });
        assertThat(job.path("FailureReason").asText()).contains("the quote expired unconfirmed after 7 days");
        assertThat(objects.restoreRequested(key)).isFalse();
    }

    @Test
    void shouldRefuseAConfirmModeItDoesNotKnowNamingTheField() {
        var refused = api.createJob("""
                {"bucket":"%s","key":"m.csv","expiration_days":3,"confirm":"later"}"""
                .formatted(DemoObjects.MANIFEST_BUCKET), Optional.empty());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("field").asText()).isEqualTo("confirm");
    }
}
