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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV manifest mixing every class end to end in the sandbox: one job, its first batch job (with days) restores the
 * Glacier classes, the completion report's codes pick the objects to ask about, a second batch job (without days)
 * restores the Intelligent-Tiering archive ones, and the objects that are not archived are skipped, never failed.
 */
class MixedManifestIT {

    private static final String BUCKET = DemoObjects.ARCHIVE_BUCKET;
    private static final String MANIFESTS = DemoObjects.MANIFEST_BUCKET;
    private static Sandbox sandbox;
    private static JobsApiClient api;

    private NotificationFeed feed;
    private String prefix;

    @BeforeAll
    static void startSandbox() {
        var batch = BatchEmulatorSettings.defaults().withTasksPerSecond(100).withRestoreSpan(Duration.ofSeconds(2))
                .withRestorePollInterval(Duration.ofMillis(250));
        sandbox = Sandbox.start(SandboxSettings.defaults(DemoObjects.BUCKETS).withBatch(batch)
                .withMonitorInterval(Duration.ofMillis(500)));
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

    private String put(String name, StorageClass storageClass, AccessTier tier) {
        String key = prefix + name;
        sandbox.clients().s3().putObject(b -> {
                    b.bucket(BUCKET).key(key).storageClass(storageClass);
                    if (tier != null) {
                        b.tagging(IntelligentTieringTiers.tagging(tier));
                    }
                },
                RequestBody.fromBytes(name.getBytes(StandardCharsets.UTF_8)));
        return key;
    }

    private String manifest(List<String> keys) {
        String key = prefix + "manifest.csv";
        String csv = keys.stream().map(k -> BUCKET + "," + k.replace(" ", "%20")).collect(Collectors.joining("\n"));
        sandbox.clients().s3().putObject(b -> b.bucket(MANIFESTS).key(key), RequestBody.fromString(csv + "\n"));
        return key;
    }

    private Notification terminal(String jobId, Duration timeout) throws InterruptedException {
        return JobWaits.terminal(feed, jobId, timeout);
    }

    /** The results report: key -> [outcome, error]. */
    private Map<String, List<String>> report(String reportUri) {
        Map<String, List<String>> outcomes = new LinkedHashMap<>();
        JobWaits.reportRows(sandbox, reportUri).forEach(f -> outcomes.put(f[1].replace("\"", ""),
                List.of(f[3], f.length > 4 ? String.join(",", Arrays.copyOfRange(f, 4, f.length)) : "")));
        return outcomes;
    }

    @Test
    void shouldRestoreAManifestMixingEveryClassAsOneJobWithASecondBatchJobForIntelligentTieringArchives()
            throws Exception {
        // Given a CSV manifest over Glacier and Deep Archive objects, Intelligent-Tiering ones in the Archive Access
        // and Deep Archive Access tiers and in a frequent tier, and STANDARD ones
        List<String> keys = List.of(
                put("g0.dat", StorageClass.GLACIER, null),
                put("g1 x.dat", StorageClass.GLACIER, null),
                put("d0.dat", StorageClass.DEEP_ARCHIVE, null),
                put("ita.dat", StorageClass.INTELLIGENT_TIERING, AccessTier.ARCHIVE_ACCESS),
                put("itd.dat", StorageClass.INTELLIGENT_TIERING, AccessTier.DEEP_ARCHIVE_ACCESS),
                put("itf.dat", StorageClass.INTELLIGENT_TIERING, null),
                put("s0.dat", StorageClass.STANDARD, null),
                put("s1.dat", StorageClass.STANDARD, null));
        String manifestKey = manifest(keys);

        // When one GLACIER job restores the manifest
        var created = api.createJob("""
                {"bucket":"%s","key":"%s","tier":"BULK","expiration_days":3}""".formatted(MANIFESTS, manifestKey),
                Optional.empty());
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        String jobId = created.text("JobId");

        // Then one Complete: 5 restored (the Intelligent-Tiering archive ones by a second batch job, without days),
        // 3 skipped as not archived, none failed
        Notification complete = terminal(jobId, Duration.ofMinutes(2));
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("TotalObjects")).isEqualTo("8");
        assertThat(complete.field("RestoredObjects")).isEqualTo("5");
        assertThat(complete.field("SkippedObjects")).isEqualTo("3");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        Map<String, List<String>> outcomes = report(complete.field("ReportUri"));
        assertThat(outcomes).hasSize(8);
        for (String restored : List.of("g0.dat", "g1 x.dat", "d0.dat", "ita.dat", "itd.dat")) {
            assertThat(outcomes.get(prefix + restored)).as(restored).first().isEqualTo("restored");
        }
        assertThat(outcomes.get(prefix + "itf.dat")).containsExactly("not archived", "ObjectAlreadyInActiveTierError");
        for (String standard : List.of("s0.dat", "s1.dat")) {
            assertThat(outcomes.get(prefix + standard)).as(standard).first().isEqualTo("not archived");
            assertThat(outcomes.get(prefix + standard).get(1)).as(standard)
                    .contains("NotArchived: a STANDARD object").contains("InvalidObjectState");
        }
        // the Intelligent-Tiering archive objects are back in Frequent Access (the sandbox's tier tag is gone)
        assertThat(sandbox.clients().s3().getObjectTagging(b -> b.bucket(BUCKET).key(prefix + "itd.dat")).tagSet())
                .isEmpty();

        // and the job names its two batch jobs, the second restoring the Intelligent-Tiering archive objects
        // (GET shows the terminal status from just after the notification is published: wait for it)
        JsonNode job = JobWaits.until(api, jobId, j -> "Complete".equals(j.path("Status").asText()),
                Duration.ofSeconds(30));
        assertThat(job.path("BatchJobs")).hasSize(2);
        assertThat(job.path("BatchJobs").get(0).path("StorageClass").asText()).isEqualTo("GLACIER");
        assertThat(job.path("BatchJobs").get(1).path("StorageClass").asText()).isEqualTo("INTELLIGENT_TIERING");
        assertThat(job.path("BatchJobId").asText()).isEqualTo(job.path("BatchJobs").get(0).path("BatchJobId").asText());
    }
}
