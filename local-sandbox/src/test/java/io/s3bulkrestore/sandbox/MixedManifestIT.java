package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV manifest mixing every class end to end in the sandbox: one job, its first batch job (with days) restores the
 * Glacier classes, the completion report's codes pick the objects to ask about, a second batch job (without days)
 * restores the Intelligent-Tiering archive ones, and the objects that are not archived are skipped, never failed.
 */
class MixedManifestIT {

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.restoringWithin(Duration.ofSeconds(2));

    @Test
    void shouldRestoreAManifestMixingEveryClassAsOneJobWithASecondBatchJobForIntelligentTieringArchives()
            throws Exception {
        // Given a CSV manifest over Glacier and Deep Archive objects, Intelligent-Tiering ones in the Archive Access
        // and Deep Archive Access tiers and in a frequent tier, and STANDARD ones
        ArchivedObjects objects = SANDBOX.objects();
        String prefix = objects.prefix();
        List<String> keys = List.of(
                objects.put("g0.dat", StorageClass.GLACIER, 10),
                objects.put("g1 x.dat", StorageClass.GLACIER, 10),
                objects.put("d0.dat", StorageClass.DEEP_ARCHIVE, 10),
                objects.put("ita.dat", StorageClass.INTELLIGENT_TIERING, AccessTier.ARCHIVE_ACCESS, 10),
                objects.put("itd.dat", StorageClass.INTELLIGENT_TIERING, AccessTier.DEEP_ARCHIVE_ACCESS, 10),
                objects.put("itf.dat", StorageClass.INTELLIGENT_TIERING, 10),
                objects.put("s0.dat", StorageClass.STANDARD, 10),
                objects.put("s1.dat", StorageClass.STANDARD, 10));
        String manifestKey = objects.manifest(keys);

        // When one GLACIER job restores the manifest
        String jobId = SANDBOX.createJob("""
                {"bucket":"%s","key":"%s","tier":"BULK","expiration_days":3}"""
                .formatted(objects.manifestBucket(), manifestKey));

        // Then one Complete: 5 restored (the Intelligent-Tiering archive ones by a second batch job, without days),
        // 3 skipped as not archived, none failed
        Notification complete = SANDBOX.terminal(jobId, Duration.ofMinutes(2));
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("TotalObjects")).isEqualTo("8");
        assertThat(complete.field("RestoredObjects")).isEqualTo("5");
        assertThat(complete.field("SkippedObjects")).isEqualTo("3");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        // key -> [outcome, error]
        Map<String, List<String>> outcomes = SANDBOX.report(complete.field("ReportUri"), f -> List.of(f[3],
                f.length > 4 ? String.join(",", Arrays.copyOfRange(f, 4, f.length)) : ""));
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
        assertThat(SANDBOX.sandbox().clients().s3().getObjectTagging(b -> b.bucket(objects.bucket())
                .key(prefix + "itd.dat")).tagSet()).isEmpty();

        // and the job names its two batch jobs, the second restoring the Intelligent-Tiering archive objects
        // (GET shows the terminal status from just after the notification is published: wait for it)
        JsonNode job = SANDBOX.untilStatus(jobId, "Complete");
        assertThat(job.path("BatchJobs")).hasSize(2);
        assertThat(job.path("BatchJobs").get(0).path("StorageClass").asText()).isEqualTo("GLACIER");
        assertThat(job.path("BatchJobs").get(1).path("StorageClass").asText()).isEqualTo("INTELLIGENT_TIERING");
        assertThat(job.path("BatchJobId").asText()).isEqualTo(job.path("BatchJobs").get(0).path("BatchJobId").asText());
    }
}
