package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.adapters.s3.S3CopySettings;
import io.s3bulkrestore.adapters.s3.S3ObjectCopier;
import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.copy.CopyTask;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.TargetStorageClass;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.demo.DemoObjects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs with a copy option end to end in the sandbox: each restored object copied once by the copy worker (moto's
 * CopyObject and UploadPartCopy), the job Complete only once every copy is made or failed, and the report giving
 * each copy's outcome and destination; duplicate copy tasks and a copy made before a crash write nothing again; a
 * destination that does not exist fails the copies with S3's code.
 */
class CopyJobsIT {

    private static final String SOURCE = DemoObjects.ARCHIVE_BUCKET;
    private static final String VAULT = "copy-vault";
    private static final String GONE = "copy-gone";
    /** Over the sandbox's 5 MiB multipart threshold: copied in 3 parts. */
    private static final int LARGE = 12 * 1024 * 1024;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.restoringWithin(Duration.ofSeconds(2), VAULT, GONE);

    private S3Client s3;
    private String run;

    @BeforeAll
    static void deleteGone() {
        // allowed, but not there: a destination S3 answers NoSuchBucket for
        SANDBOX.sandbox().clients().s3().deleteBucket(b -> b.bucket(GONE));
    }

    @BeforeEach
    void run() {
        s3 = SANDBOX.sandbox().clients().s3();
        run = SANDBOX.run();
    }

    private byte[] put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(SOURCE).key(key).storageClass(StorageClass.GLACIER)
                .contentType("application/x-test").metadata(Map.of("team", "audit")), RequestBody.fromBytes(bytes));
        return bytes;
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private String createJob(List<String> keys, String copy) {
        return SANDBOX.createJob("""
                {"bucket":"%s","key":"%s","tier":"BULK","expiration_days":2,"copy":%s}"""
                .formatted(DemoObjects.MANIFEST_BUCKET, SANDBOX.objects().manifest(keys), copy));
    }

    /** The results report's rows by key: outcome, copy_outcome, copy_error, destination. */
    private Map<String, List<String>> report(String reportUri) {
        assertThat(JobWaits.reportHeader(SANDBOX.sandbox(), reportUri))
                .isEqualTo("bucket,key,versionId,outcome,error,copy_outcome,copy_error,destination");
        return SANDBOX.report(reportUri, f -> List.of(f[3], f[5], f[6], f[7]));
    }

    private void sendCopyTask(String jobId, String key) {
        Sandbox sandbox = SANDBOX.sandbox();
        sandbox.clients().sqs().sendMessage(b -> b.queueUrl(sandbox.resources().copyQueue().url())
                .messageBody(new CopyTask(new JobId(jobId), ObjectId.of(SOURCE, key)).toMessage()));
    }

    private static String md5(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    @Test
    void shouldCopyEachRestoredObjectOnceToAnotherBucketAndClassThenComplete() throws Exception {
        // Given archived objects, one of them over the multipart threshold, and one restored and copied before the
        // job (a worker that copied it and died before recording it: the copy carries its source marker)
        String prefix = run + "/data/";
        byte[] small0 = put(prefix + "a.bin", bytes(1_000, 1));
        byte[] small1 = put(prefix + "b.bin", bytes(2_000, 2));
        byte[] large = put(prefix + "large.bin", bytes(LARGE, 3));
        byte[] early = put(prefix + "early.bin", bytes(3_000, 4));
        s3.restoreObject(b -> b.bucket(SOURCE).key(prefix + "early.bin")
                .restoreRequest(r -> r.days(2).glacierJobParameters(g -> g.tier(Tier.BULK))));
        String destinationPrefix = run + "/kept/";
        var copier = new S3ObjectCopier(s3, S3CopySettings.defaults().withMultipart(5L << 20, 5L << 20));
        String current = s3.headObject(b -> b.bucket(SOURCE).key(prefix + "early.bin")).versionId();
        CopyOutcome before = copier.copy(new CopyRequest(new ObjectId(SOURCE, prefix + "early.bin",
                current == null ? "null" : current), VAULT, destinationPrefix + "early.bin",
                TargetStorageClass.STANDARD_IA, true, null));
        assertThat(before).isInstanceOf(CopyOutcome.Copied.class);
        String earlyCopyModified = s3.headObject(b -> b.bucket(VAULT).key(destinationPrefix + "early.bin"))
                .lastModified().toString();
        List<String> keys = List.of(prefix + "a.bin", prefix + "b.bin", prefix + "large.bin", prefix + "early.bin");

        // When a job restores them with a copy to another bucket, prefix and class, and every copy task is
        // delivered more than once
        String jobId = createJob(keys, """
                {"destination_bucket":"%s","source_prefix":"%s","destination_prefix":"%s","storage_class":"STANDARD_IA"}"""
                .formatted(VAULT, run + "/data/", destinationPrefix));
        keys.forEach(key -> sendCopyTask(jobId, key));

        // Then one Complete, with every object restored and copied once
        Notification complete = SANDBOX.terminal(jobId, Duration.ofMinutes(2));
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.field("RestoredObjects")).isEqualTo("4");
        assertThat(complete.field("CopiedObjects")).isEqualTo("4");
        assertThat(complete.field("CopyFailedObjects")).isEqualTo("0");
        Map<String, List<String>> rows = report(complete.field("ReportUri"));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(prefix + "large.bin")).containsExactly("restored", "copied", "",
                "s3://" + VAULT + "/" + destinationPrefix + "large.bin");
        assertThat(rows.get(prefix + "early.bin").get(1)).isEqualTo("copied");

        Map<String, byte[]> expected = Map.of("a.bin", small0, "b.bin", small1, "large.bin", large, "early.bin", early);
        for (var entry : expected.entrySet()) {
            String key = destinationPrefix + entry.getKey();
            HeadObjectResponse head = s3.headObject(b -> b.bucket(VAULT).key(key));
            assertThat(head.storageClassAsString()).as(key).isEqualTo("STANDARD_IA");
            assertThat(head.metadata()).as(key).containsEntry("team", "audit");
            assertThat(head.contentType()).as(key).isEqualTo("application/x-test");
            assertThat(md5(s3.getObjectAsBytes(b -> b.bucket(VAULT).key(key)).asByteArray())).as(key)
                    .isEqualTo(md5(entry.getValue()));
        }
        // the copy made before the job was found, not written again
        assertThat(s3.headObject(b -> b.bucket(VAULT).key(destinationPrefix + "early.bin")).lastModified().toString())
                .isEqualTo(earlyCopyModified);
        JsonNode job = SANDBOX.api().getJob(jobId).body();
        assertThat(job.path("CopiedObjects").asLong()).isEqualTo(4);
        assertThat(job.path("Copy").path("StorageClass").asText()).isEqualTo("STANDARD_IA");
    }

    @Test
    void shouldRecordTheCopiesToAMissingBucketFailedWithTheirCodeAndEndTheJobFailed() throws Exception {
        String prefix = run + "/";
        put(prefix + "x.bin", bytes(500, 5));
        put(prefix + "y.bin", bytes(600, 6));

        String jobId = createJob(List.of(prefix + "x.bin", prefix + "y.bin"),
                "{\"destination_bucket\":\"" + GONE + "\"}");

        Notification ended = SANDBOX.terminal(jobId, Duration.ofMinutes(2));
        assertThat(ended.status()).isEqualTo("Failed");
        assertThat(ended.field("RestoredObjects")).isEqualTo("2");
        assertThat(ended.field("CopiedObjects")).isEqualTo("0");
        assertThat(ended.field("CopyFailedObjects")).isEqualTo("2");
        assertThat(report(ended.field("ReportUri")).get(prefix + "x.bin"))
                .containsExactly("restored", "copy failed", "NoSuchBucket", "s3://" + GONE + "/" + prefix + "x.bin");
    }
}
