package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.model.TargetStorageClass;
import io.s3bulkrestore.model.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against moto: copies of restored objects, in one request and in parts, and what a second copy does.
 *
 * <p>Where moto 5.2.1 differs from S3 for what the copier does (checked 2026-12 with boto3 against moto_server):
 * <ul>
 *   <li>UploadPartCopy of a GLACIER object that is not restored succeeds in moto; S3 refuses to read an archived
 *       object without a restored copy (403 {@code InvalidObjectState}, "Error responses",
 *       https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). The copier does not depend on it: its
 *       HeadObject of the source sees the missing {@code x-amz-restore} first, and a part that fails so anyway is
 *       classified as an expired restore. CopyObject of such an object is refused as in S3 (403
 *       {@code ObjectNotInActiveTierError}, tested below).</li>
 *   <li>CopyObject ignores {@code x-amz-copy-source-if-match} and the destination's {@code If-None-Match} /
 *       {@code If-Match} (S3: 412, https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html); the copier
 *       sends the first (a source version changed between its HeadObject and the copy) and does not use the others.
 *       CompleteMultipartUpload honours {@code If-None-Match: *} (tested by the race below) but ignores {@code If-Match}
 *       (S3 honours both, https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html).</li>
 *   <li>Any {@code versionId}, even S3's {@code null}, on a HeadObject in a bucket that never had versioning is a 400 in
 *       moto; S3 accepts {@code versionId=null}. The copier asks about the version "null" without a version id first.</li>
 *   <li>Restores complete at once, so "restored" here is a RestoreObject away.</li>
 *   <li>Multipart uploads continued (checked 2026-12 with boto3 against moto_server 5.2.1, and in its source,
 *       moto/s3/responses.py and models.py): ListParts answers part numbers, sizes and ETags as S3 does, and
 *       {@code NoSuchUpload} (404) for an upload that is gone, as AbortMultipartUpload does. It differs in that its
 *       {@code part-number-marker} is an index into the listed parts, not a part number, and {@code IsTruncated}
 *       compares their count with the last part number: the same answers as S3 for parts numbered 1, 2, 3, ...
 *       without holes, not with holes (S3: parts numbered above the marker, "ListParts",
 *       https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html); a test here never pages. It does not check
 *       that the upload id belongs to the key asked about, answers a fixed Initiator and Owner, and always
 *       {@code StorageClass} STANDARD. UploadPartCopy and CompleteMultipartUpload of an upload that is gone answer 500
 *       (a KeyError), not 404 {@code NoSuchUpload}: the copier reads it as a passing failure there, a race with S3.
 *       ListMultipartUploads (which the copier does not use) honours {@code prefix} only (no delimiter, max-uploads or
 *       markers, never truncated) and answers a fixed {@code Initiated} of 2010-11-10.</li>
 * </ul>
 */
class S3ObjectCopierIT {

    private static final long MIB = S3CopySettings.MIB;

    private static MotoServer moto;
    private static final S3RequestCounter requests = new S3RequestCounter();
    private static S3Client s3;

    private final S3ObjectCopier copier = new S3ObjectCopier(s3, S3CopySettings.defaults());
    /** Parts of 5 MiB above 5 MiB, so that a 12 MiB object is copied in 3 parts. */
    private final S3ObjectCopier smallParts = new S3ObjectCopier(s3, S3CopySettings.defaults().withMultipart(5 * MIB, 5 * MIB));

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        s3 = requests.client(moto);
    }

    @AfterAll
    static void stop() {
        s3.close();
        moto.close();
    }

    @BeforeEach
    void reset() {
        moto.reset();
        requests.reset();
    }

    private static void bucket(String name, boolean versioned) {
        s3.createBucket(b -> b.bucket(name));
        if (versioned) {
            s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        }
    }

    /** Puts an archived object and restores it; its version ("null" in a bucket without versioning). */
    private static String archivedAndRestored(String bucket, String key, byte[] content) {
        String version = archived(bucket, key, content);
        // moto answers 400 to any versionId in a bucket that never had versioning, even S3's "null"
        String named = "null".equals(version) ? null : version;
        s3.restoreObject(b -> b.bucket(bucket).key(key).versionId(named).restoreRequest(r -> r.days(1)));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).versionId(named));
        assertThat(head.restore()).as("moto completes restores at once").contains("ongoing-request=\"false\"");
        return version;
    }

    private static String archived(String bucket, String key, byte[] content) {
        String version = s3.putObject(b -> b.bucket(bucket).key(key).storageClass(StorageClass.GLACIER)
                        .contentType("text/csv").cacheControl("max-age=60")
                        .metadata(Map.of("owner", "team-a", "origin", "sensor 7"))
                        .tagging("project=blue&kind=raw%20data"),
                RequestBody.fromBytes(content)).versionId();
        return version == null ? "null" : version;
    }

    private static byte[] bytes(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static byte[] read(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private static List<Tag> tags(String bucket, String key) {
        return s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet();
    }

    @Test
    void shouldCopyToAnotherBucketAndStorageClassKeepingMetadataAndTags() {
        bucket("archive-1", true);
        bucket("permanent-1", true);
        byte[] content = bytes(70_000, 1);
        String version = archivedAndRestored("archive-1", "dir/a b+c.csv", content);

        CopyOutcome outcome = copier.copy(new CopyRequest(new ObjectId("archive-1", "dir/a b+c.csv", version),
                "permanent-1", "kept/a b+c.csv", TargetStorageClass.GLACIER_IR, true, null));

        assertThat(outcome).isInstanceOfSatisfying(CopyOutcome.Copied.class, copied -> {
            assertThat(copied.version()).isPresent();
            assertThat(copied.parts()).isEqualTo(1);
        });
        HeadObjectResponse copy = s3.headObject(b -> b.bucket("permanent-1").key("kept/a b+c.csv"));
        assertThat(copy.storageClassAsString()).isEqualTo("GLACIER_IR");
        assertThat(copy.versionId()).isEqualTo(((CopyOutcome.Copied) outcome).destinationVersionId());
        assertThat(copy.contentType()).isEqualTo("text/csv");
        assertThat(copy.cacheControl()).isEqualTo("max-age=60");
        assertThat(copy.metadata()).containsEntry("owner", "team-a").containsEntry("origin", "sensor 7")
                .containsEntry(CopyMarker.VERSION, version);
        assertThat(tags("permanent-1", "kept/a b+c.csv")).containsExactlyInAnyOrder(
                Tag.builder().key("project").value("blue").build(), Tag.builder().key("kind").value("raw data").build());
        assertThat(read("permanent-1", "kept/a b+c.csv")).isEqualTo(content);
        assertThat(requests.count("CopyObject")).isEqualTo(1);
        assertThat(requests.count("CreateMultipartUpload")).isZero();
    }

    @Test
    void shouldDropUserMetadataAndTagsButKeepTheContentTypeWhenAskedNotToKeepThem() {
        bucket("archive-2", false);
        bucket("permanent-2", false);
        String version = archivedAndRestored("archive-2", "k", bytes(10, 2));

        CopyOutcome outcome = copier.copy(new CopyRequest(new ObjectId("archive-2", "k", version),
                "permanent-2", "k", TargetStorageClass.STANDARD, false, null));

        assertThat(outcome).isInstanceOf(CopyOutcome.Copied.class);
        HeadObjectResponse copy = s3.headObject(b -> b.bucket("permanent-2").key("k"));
        assertThat(copy.metadata()).doesNotContainKeys("owner", "origin").containsKey(CopyMarker.SOURCE);
        assertThat(copy.contentType()).isEqualTo("text/csv");
        assertThat(tags("permanent-2", "k")).isEmpty();
    }

    @Test
    void shouldCopyAnObjectAboveTheThresholdInPartsByteForByteWithItsMetadataAndTags() {
        bucket("archive-3", true);
        bucket("permanent-3", false);
        byte[] content = bytes(12 * (int) MIB + 12_345, 3);
        String version = archivedAndRestored("archive-3", "big.bin", content);

        CopyOutcome outcome = smallParts.copy(new CopyRequest(new ObjectId("archive-3", "big.bin", version),
                "permanent-3", "big.bin", TargetStorageClass.STANDARD_IA, true, null));

        assertThat(outcome).isInstanceOfSatisfying(CopyOutcome.Copied.class, copied ->
                assertThat(copied.parts()).isEqualTo(3));
        assertThat(requests.count("CopyObject")).isZero();
        assertThat(requests.count("UploadPartCopy")).isEqualTo(3);
        assertThat(requests.count("CompleteMultipartUpload")).isEqualTo(1);
        assertThat(read("permanent-3", "big.bin")).isEqualTo(content);
        HeadObjectResponse copy = s3.headObject(b -> b.bucket("permanent-3").key("big.bin"));
        assertThat(copy.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(copy.contentType()).isEqualTo("text/csv");
        assertThat(copy.metadata()).containsEntry("owner", "team-a").containsEntry(CopyMarker.VERSION, version);
        assertThat(tags("permanent-3", "big.bin")).extracting(Tag::value).containsExactlyInAnyOrder("blue", "raw data");
        assertThat(s3.listMultipartUploads(b -> b.bucket("permanent-3")).uploads()).isEmpty();
    }

    @Test
    void shouldWriteNothingTheSecondTime() {
        bucket("archive-4", true);
        bucket("permanent-4", true);
        String version = archivedAndRestored("archive-4", "k", bytes(100, 4));
        CopyRequest request = new CopyRequest(new ObjectId("archive-4", "k", version), "permanent-4", "k",
                TargetStorageClass.STANDARD, true, null);
        CopyOutcome.Copied first = (CopyOutcome.Copied) copier.copy(request);
        requests.reset();

        CopyOutcome second = copier.copy(request);

        assertThat(second).isEqualTo(new CopyOutcome.AlreadyCopied(first.destinationVersionId()));
        assertThat(requests.writes()).isZero();
        assertThat(requests.count("HeadObject")).isEqualTo(2);
        assertThat(s3.listObjectVersions(b -> b.bucket("permanent-4")).versions()).hasSize(1);
    }

    @Test
    void shouldWriteNothingTheSecondTimeForAMultipartCopy() {
        bucket("archive-5", false);
        bucket("permanent-5", false);
        String version = archivedAndRestored("archive-5", "big", bytes(11 * (int) MIB, 5));
        CopyRequest request = new CopyRequest(new ObjectId("archive-5", "big", version), "permanent-5", "big",
                TargetStorageClass.STANDARD, true, null);
        assertThat(smallParts.copy(request)).isInstanceOf(CopyOutcome.Copied.class);
        requests.reset();

        assertThat(smallParts.copy(request)).isInstanceOf(CopyOutcome.AlreadyCopied.class);
        assertThat(requests.writes()).isZero();
    }

    @Test
    void shouldCopyInPlaceOnceInABucketWithoutVersioning() {
        // The copy replaces the "null" version it was made from: the second call finds its own marker on the source.
        bucket("archive-6", false);
        byte[] content = bytes(1000, 6);
        String version = archivedAndRestored("archive-6", "k", content);
        CopyRequest request = new CopyRequest(new ObjectId("archive-6", "k", version), "archive-6", "k",
                TargetStorageClass.STANDARD, true, null);

        assertThat(copier.copy(request)).isInstanceOf(CopyOutcome.Copied.class);
        requests.reset();
        assertThat(copier.copy(request)).isInstanceOf(CopyOutcome.AlreadyCopied.class);

        assertThat(requests.writes()).isZero();
        HeadObjectResponse now = s3.headObject(b -> b.bucket("archive-6").key("k"));
        assertThat(now.storageClassAsString()).isIn(null, "STANDARD");
        assertThat(read("archive-6", "k")).isEqualTo(content);
    }

    @Test
    void shouldCopyAgainWhenTheDestinationWasOverwrittenWithSomethingElse() {
        bucket("archive-7", false);
        bucket("permanent-7", false);
        String version = archivedAndRestored("archive-7", "k", bytes(100, 7));
        CopyRequest request = new CopyRequest(new ObjectId("archive-7", "k", version), "permanent-7", "k",
                TargetStorageClass.STANDARD, true, null);
        copier.copy(request);
        s3.putObject(b -> b.bucket("permanent-7").key("k"), RequestBody.fromString("someone else's"));

        assertThat(copier.copy(request)).isInstanceOf(CopyOutcome.Copied.class);
        assertThat(read("permanent-7", "k")).isEqualTo(bytes(100, 7));
    }

    @Test
    void shouldFailWithoutRetryingWhenTheDestinationBucketDoesNotExist() {
        bucket("archive-8", false);
        String version = archivedAndRestored("archive-8", "k", bytes(10, 8));

        CopyOutcome outcome = copier.copy(new CopyRequest(new ObjectId("archive-8", "k", version), "no-such-bucket-8",
                "k", TargetStorageClass.STANDARD, true, null));

        assertThat(outcome).isEqualTo(new CopyOutcome.Failed("NoSuchBucket", false));
        assertThat(requests.count("CopyObject")).isEqualTo(1);
    }

    @Test
    void shouldFailWithoutRetryingWhenTheDestinationBucketOfAMultipartCopyDoesNotExist() {
        bucket("archive-9", false);
        String version = archivedAndRestored("archive-9", "big", bytes(6 * (int) MIB, 9));

        CopyOutcome outcome = smallParts.copy(new CopyRequest(new ObjectId("archive-9", "big", version),
                "no-such-bucket-9", "big", TargetStorageClass.STANDARD, true, null));

        assertThat(outcome).isEqualTo(new CopyOutcome.Failed("NoSuchBucket", false));
        assertThat(requests.count("CreateMultipartUpload")).isEqualTo(1);
        assertThat(requests.count("UploadPartCopy")).isZero();
    }

    @Test
    void shouldCopyThePinnedVersionWhenANewerOneExists() {
        bucket("archive-10", true);
        bucket("permanent-10", false);
        byte[] old = bytes(5000, 10);
        String version = archivedAndRestored("archive-10", "k", old);
        s3.putObject(b -> b.bucket("archive-10").key("k"), RequestBody.fromString("newer"));

        assertThat(copier.copy(new CopyRequest(new ObjectId("archive-10", "k", version), "permanent-10", "k",
                TargetStorageClass.STANDARD, true, null))).isInstanceOf(CopyOutcome.Copied.class);

        assertThat(read("permanent-10", "k")).isEqualTo(old);
    }

    @Test
    void shouldCopyThePinnedVersionInPartsWhenANewerOneExists() {
        bucket("archive-11", true);
        bucket("permanent-11", false);
        byte[] old = bytes(7 * (int) MIB, 11);
        String version = archivedAndRestored("archive-11", "k", old);
        s3.putObject(b -> b.bucket("archive-11").key("k"), RequestBody.fromBytes(bytes(7 * (int) MIB, 12)));

        assertThat(smallParts.copy(new CopyRequest(new ObjectId("archive-11", "k", version), "permanent-11", "k",
                TargetStorageClass.STANDARD, true, null))).isInstanceOf(CopyOutcome.Copied.class);

        assertThat(read("permanent-11", "k")).isEqualTo(old);
    }

    @Test
    void shouldReportARestoreThatExpiredWithoutTryingToCopy() {
        bucket("archive-12", true);
        String version = archived("archive-12", "k", bytes(10, 12)); // never restored: as after its copy expired
        requests.reset();

        CopyOutcome outcome = copier.copy(new CopyRequest(new ObjectId("archive-12", "k", version), "archive-12",
                "copy", TargetStorageClass.STANDARD, true, null));

        assertThat(outcome).isEqualTo(new CopyOutcome.SourceRestoreExpired("RestoreExpired"));
        assertThat(requests.writes()).isZero();
    }

    @Test
    void shouldClassifyS3sAnswerToACopyOfAnArchivedObjectAsAnExpiredRestore() {
        // What the copier meets when the restored copy expires between its HeadObject and its CopyObject.
        bucket("archive-13", false);
        archived("archive-13", "k", bytes(10, 13));

        S3Exception answer = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class, () -> s3.copyObject(b -> b
                .sourceBucket("archive-13").sourceKey("k").destinationBucket("archive-13").destinationKey("copy")));
        CopyFailure failure = S3CopyErrors.classify(answer);

        assertThat(failure.code()).isEqualTo("ObjectNotInActiveTierError");
        assertThat(failure.status()).isEqualTo(403);
        assertThat(failure.outcome()).isEqualTo(new CopyOutcome.SourceRestoreExpired("ObjectNotInActiveTierError"));
    }

    @Test
    void shouldFindTheCopyOfAConcurrentCopierThatCompletedFirstAndNotWriteASecond() {
        bucket("archive-14", false);
        bucket("permanent-14", true);
        String version = archivedAndRestored("archive-14", "big", bytes(6 * (int) MIB, 14));
        CopyRequest request = new CopyRequest(new ObjectId("archive-14", "big", version), "permanent-14", "big",
                TargetStorageClass.STANDARD, true, null);
        // Just before our CompleteMultipartUpload, another copier (one request) writes the same copy.
        AtomicBoolean raced = new AtomicBoolean();
        ExecutionInterceptor rival = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("CompleteMultipartUpload".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                        && raced.compareAndSet(false, true)) {
                    assertThat(copier.copy(request)).isInstanceOf(CopyOutcome.Copied.class);
                }
            }
        };
        try (S3Client racing = new S3RequestCounter().client(moto, rival)) {
            S3ObjectCopier ours = new S3ObjectCopier(racing, S3CopySettings.defaults().withMultipart(5 * MIB, 5 * MIB));

            CopyOutcome outcome = ours.copy(request);

            assertThat(raced).isTrue();
            assertThat(outcome).isInstanceOf(CopyOutcome.AlreadyCopied.class);
        }
        assertThat(s3.listObjectVersions(b -> b.bucket("permanent-14")).versions()).hasSize(1);
        assertThat(s3.listMultipartUploads(b -> b.bucket("permanent-14")).uploads()).isEmpty();
    }

    @Test
    void shouldContinueAMultipartCopyStoppedByItsTimeAfterOnePartAndCompleteItByteForByte() {
        bucket("archive-16", true);
        bucket("permanent-16", false);
        byte[] content = bytes(12 * (int) MIB + 12_345, 16); // 3 parts of 5 MiB, the last of 2 MiB and more
        String version = archivedAndRestored("archive-16", "big.bin", content);
        CopyRequest request = new CopyRequest(new ObjectId("archive-16", "big.bin", version), "permanent-16", "big.bin",
                TargetStorageClass.STANDARD_IA, true, null);
        // Each UploadPartCopy "takes" 100 s: with 200 s left and no part started with less than 60 s, or 1.5 x the
        // slowest part, left, the first call copies part 1 only.
        AtomicLong millisLeft = new AtomicLong(200_000);
        ExecutionInterceptor partsTakeTime = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if ("UploadPartCopy".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    millisLeft.addAndGet(-100_000);
                }
            }
        };
        S3RequestCounter counted = new S3RequestCounter();
        try (S3Client timed = counted.client(moto, partsTakeTime)) {
            S3ObjectCopier oneAtATime = new S3ObjectCopier(timed, S3CopySettings.defaults()
                    .withMultipart(5 * MIB, 5 * MIB).withPartConcurrency(1).withTimeMargin(Duration.ofSeconds(60)));

            CopyOutcome first = oneAtATime.copy(request, Optional.empty(), millisLeft::get);

            assertThat(first).isInstanceOfSatisfying(CopyOutcome.Unfinished.class, unfinished -> {
                assertThat(unfinished.partsDone()).isEqualTo(1);
                assertThat(unfinished.parts()).isEqualTo(3);
                assertThat(unfinished.progressed()).isTrue();
            });
            var open = s3.listMultipartUploads(b -> b.bucket("permanent-16")).uploads();
            assertThat(open).as("left open, not aborted").singleElement()
                    .satisfies(upload -> assertThat(upload.key()).isEqualTo("big.bin"));
            assertThat(s3.listParts(b -> b.bucket("permanent-16").key("big.bin").uploadId(open.getFirst().uploadId()))
                    .parts()).singleElement().satisfies(part -> {
                        assertThat(part.partNumber()).isEqualTo(1);
                        assertThat(part.size()).isEqualTo(5 * MIB);
                    });
            assertThat(s3.listObjectsV2(b -> b.bucket("permanent-16")).keyCount()).isZero();

            millisLeft.set(900_000);
            CopyOutcome second = oneAtATime.copy(request,
                    Optional.of(((CopyOutcome.Unfinished) first).resumeToken()), millisLeft::get);

            assertThat(second).isInstanceOfSatisfying(CopyOutcome.Copied.class, copied ->
                    assertThat(copied.parts()).isEqualTo(3));
            assertThat(counted.count("CreateMultipartUpload")).isEqualTo(1);
            assertThat(counted.count("UploadPartCopy")).as("parts 2 and 3 only, the second time").isEqualTo(3);
            assertThat(counted.count("ListParts")).isEqualTo(1);
            assertThat(counted.count("AbortMultipartUpload")).isZero();
            assertThat(counted.count("CompleteMultipartUpload")).isEqualTo(1);

            // a duplicate of the continuation, delivered after the copy: the copy is found, nothing written
            counted.reset();
            assertThat(oneAtATime.copy(request, Optional.of(((CopyOutcome.Unfinished) first).resumeToken()),
                    millisLeft::get)).isInstanceOf(CopyOutcome.AlreadyCopied.class);
            assertThat(counted.writes()).isZero();
        }
        assertThat(read("permanent-16", "big.bin")).isEqualTo(content);
        HeadObjectResponse copy = s3.headObject(b -> b.bucket("permanent-16").key("big.bin"));
        assertThat(copy.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(copy.metadata()).containsEntry(CopyMarker.VERSION, version).containsEntry("owner", "team-a");
        assertThat(s3.listMultipartUploads(b -> b.bucket("permanent-16")).uploads()).isEmpty();
    }

    @Test
    void shouldMeasureCopiesPerSecondOf500SmallObjects() throws Exception {
        bucket("archive-15", false);
        bucket("permanent-15", false);
        int objects = 500;
        List<CopyRequest> batch = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            String key = "small/" + i;
            s3.putObject(b -> b.bucket("archive-15").key(key), RequestBody.fromString("object " + key));
            batch.add(new CopyRequest(new ObjectId("archive-15", key, "null"), "permanent-15", key,
                    TargetStorageClass.STANDARD, true, null));
        }
        requests.reset();

        long started = System.nanoTime();
        List<Future<CopyOutcome>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (CopyRequest request : batch) {
                outcomes.add(threads.submit(() -> copier.copy(request)));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        for (Future<CopyOutcome> outcome : outcomes) {
            assertThat(outcome.get()).isInstanceOf(CopyOutcome.Copied.class);
        }
        assertThat(s3.listObjectsV2(b -> b.bucket("permanent-15").maxKeys(1000)).keyCount()).isEqualTo(objects);
        System.out.printf("S3ObjectCopierIT: copied %d small objects against moto in %.2f s: %.0f copies/s with 16 "
                + "threads (%s)%n", objects, seconds, objects / seconds, requests);
    }
}
