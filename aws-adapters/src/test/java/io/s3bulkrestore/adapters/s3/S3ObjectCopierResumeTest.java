package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.copy.TimeLeft;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.TargetStorageClass;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multipart copy that runs out of time keeps its upload and is continued by the next call from the parts already
 * there, against an in-memory S3 that keeps uploads and parts as S3 does. Time is a counter: each part copy "takes"
 * {@link #PART_MILLIS}.
 */
class S3ObjectCopierResumeTest {

    private static final long MIB = S3CopySettings.MIB;
    private static final long PART_MILLIS = 100_000;
    /** 5 parts of 5 MiB, the last of 1 MiB and 5 bytes. */
    private static final long SIZE = 21 * MIB + 5;
    private static final CopyRequest REQUEST = new CopyRequest(new ObjectId("archive-1", "big", "v1"), "permanent-1",
            "big", TargetStorageClass.STANDARD, true, null);

    /** One restored source version; the destination's multipart uploads, listed 2 parts a page. */
    private static final class MultipartS3 implements S3Client {
        String sourceEtag = "\"e1\"";
        final Map<String, TreeMap<Integer, Part>> uploads = new LinkedHashMap<>();
        final List<String> created = new ArrayList<>();
        final List<String> aborted = new ArrayList<>();
        /** Part numbers in the order they were copied, by upload id. */
        final Map<String, List<Integer>> copied = new LinkedHashMap<>();
        final List<CompleteMultipartUploadRequest> completed = new ArrayList<>();
        final AtomicLong millisLeft = new AtomicLong();
        RuntimeException failPart;
        int failPartNumber;

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest request) {
            if (request.bucket().equals("archive-1")) {
                return HeadObjectResponse.builder().eTag(sourceEtag).contentLength(SIZE).storageClass("GLACIER")
                        .restore("ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2040 00:00:00 GMT\"")
                        .versionId("v1").metadata(Map.of()).build();
            }
            throw error("NoSuchKey", 404);
        }

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            String id = "upload-" + (created.size() + 1);
            created.add(id);
            uploads.put(id, new TreeMap<>());
            return CreateMultipartUploadResponse.builder().uploadId(id).build();
        }

        @Override
        public synchronized UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request) {
            TreeMap<Integer, Part> parts = upload(request.uploadId());
            if (request.partNumber() == failPartNumber) {
                throw failPart;
            }
            String[] range = request.copySourceRange().substring("bytes=".length()).split("-");
            long size = Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1;
            String etag = "\"" + request.uploadId() + "-part-" + request.partNumber() + "\"";
            parts.put(request.partNumber(), Part.builder().partNumber(request.partNumber()).size(size).eTag(etag).build());
            copied.computeIfAbsent(request.uploadId(), id -> new ArrayList<>()).add(request.partNumber());
            millisLeft.addAndGet(-PART_MILLIS);
            return UploadPartCopyResponse.builder().copyPartResult(r -> r.eTag(etag)).build();
        }

        @Override
        public ListPartsResponse listParts(ListPartsRequest request) {
            TreeMap<Integer, Part> parts = upload(request.uploadId());
            int after = request.partNumberMarker() == null ? 0 : request.partNumberMarker();
            List<Part> page = parts.tailMap(after, false).values().stream().limit(2).toList();
            boolean truncated = !page.isEmpty() && parts.higherKey(page.getLast().partNumber()) != null;
            return ListPartsResponse.builder().parts(page).isTruncated(truncated)
                    .nextPartNumberMarker(page.isEmpty() ? null : page.getLast().partNumber()).build();
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            upload(request.uploadId());
            completed.add(request);
            uploads.remove(request.uploadId());
            return CompleteMultipartUploadResponse.builder().versionId("d1").eTag("\"x-5\"").build();
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
            upload(request.uploadId());
            aborted.add(request.uploadId());
            uploads.remove(request.uploadId());
            return AbortMultipartUploadResponse.builder().build();
        }

        private TreeMap<Integer, Part> upload(String id) {
            TreeMap<Integer, Part> parts = uploads.get(id);
            if (parts == null) {
                throw error("NoSuchUpload", 404);
            }
            return parts;
        }

        List<Integer> copiedIn(String uploadId) {
            return copied.getOrDefault(uploadId, List.of());
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    private static S3Exception error(String code, int status) {
        return (S3Exception) S3Exception.builder().statusCode(status).requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("text from AWS").build()).build();
    }

    private final MultipartS3 s3 = new MultipartS3();
    private final TimeLeft timeLeft = s3.millisLeft::get;
    /** 5 MiB parts one at a time (so that the time decides how many), no part started with less than 60 s left. */
    private final S3ObjectCopier copier = new S3ObjectCopier(s3, S3CopySettings.defaults()
            .withMultipart(5 * MIB, 5 * MIB).withPartConcurrency(1).withTimeMargin(Duration.ofSeconds(60))
            .withRetries(1, Duration.ZERO, Duration.ZERO), duration -> { }, new java.util.Random(1));

    /** The first call, given time for 3 parts: 400 s, then 300, 200, and at 100 s 1.5 x 100 s is not left. */
    private CopyOutcome.Unfinished firstCallCopyingThreeParts() {
        s3.millisLeft.set(4 * PART_MILLIS);
        CopyOutcome first = copier.copy(REQUEST, Optional.empty(), timeLeft);
        assertThat(first).isInstanceOf(CopyOutcome.Unfinished.class);
        return (CopyOutcome.Unfinished) first;
    }

    @Test
    void shouldStopStartingPartsWhenTheTimeRunsOutAndLeaveTheUploadOpen() {
        CopyOutcome.Unfinished first = firstCallCopyingThreeParts();

        assertThat(first.partsDone()).isEqualTo(3);
        assertThat(first.parts()).isEqualTo(5);
        assertThat(first.partsCopiedNow()).isEqualTo(3);
        assertThat(first.progressed()).isTrue();
        assertThat(first.code()).isEqualTo(CopyOutcome.Unfinished.OUT_OF_TIME);
        assertThat(s3.copiedIn("upload-1")).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(s3.aborted).as("not aborted").isEmpty();
        assertThat(s3.completed).isEmpty();
        assertThat(s3.uploads).containsOnlyKeys("upload-1");
        assertThat(MultipartResume.parse(first.resumeToken()))
                .contains(new MultipartResume("upload-1", 5 * MIB, "v1", "e1"));
    }

    @Test
    void shouldContinueFromThePartsAlreadyThereCopyingNoPartTwiceAndComplete() {
        CopyOutcome.Unfinished first = firstCallCopyingThreeParts();
        s3.millisLeft.set(9 * PART_MILLIS);

        CopyOutcome second = copier.copy(REQUEST, Optional.of(first.resumeToken()), timeLeft);

        assertThat(second).isEqualTo(new CopyOutcome.Copied("d1", "x-5", 5));
        assertThat(s3.created).containsExactly("upload-1");
        assertThat(s3.copiedIn("upload-1")).as("parts 4 and 5 only the second time").containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(s3.aborted).isEmpty();
        CompleteMultipartUploadRequest complete = s3.completed.getFirst();
        assertThat(complete.uploadId()).isEqualTo("upload-1");
        assertThat(complete.ifNoneMatch()).isEqualTo("*");
        assertThat(complete.multipartUpload().parts()).extracting(CompletedPart::partNumber, CompletedPart::eTag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "\"upload-1-part-1\""),
                        org.assertj.core.groups.Tuple.tuple(2, "\"upload-1-part-2\""),
                        org.assertj.core.groups.Tuple.tuple(3, "\"upload-1-part-3\""),
                        org.assertj.core.groups.Tuple.tuple(4, "\"upload-1-part-4\""),
                        org.assertj.core.groups.Tuple.tuple(5, "\"upload-1-part-5\""));
    }

    @Test
    void shouldNotTrustAnUploadHoldingAPartOutsideItsPlanButAbortItAndCopyAnew() {
        CopyOutcome.Unfinished first = firstCallCopyingThreeParts();
        // someone else's part in our upload: another size under number 2, and a number the plan does not have
        s3.uploads.get("upload-1").put(2, Part.builder().partNumber(2).size(7 * MIB).eTag("\"foreign\"").build());
        s3.millisLeft.set(9 * PART_MILLIS);

        CopyOutcome second = copier.copy(REQUEST, Optional.of(first.resumeToken()), timeLeft);

        assertThat(second).isInstanceOf(CopyOutcome.Copied.class);
        assertThat(s3.aborted).containsExactly("upload-1");
        assertThat(s3.created).containsExactly("upload-1", "upload-2");
        assertThat(s3.copiedIn("upload-2")).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(s3.completed.getFirst().multipartUpload().parts()).extracting(CompletedPart::eTag)
                .noneMatch(etag -> etag.contains("upload-1") || etag.contains("foreign"));
    }

    @Test
    void shouldNotContinueAnUploadMadeFromAnotherContentOfTheSourceButAbortItAndCopyAnew() {
        CopyOutcome.Unfinished first = firstCallCopyingThreeParts();
        s3.sourceEtag = "\"e2\""; // not the token's, as for a "null" version overwritten meanwhile
        s3.millisLeft.set(9 * PART_MILLIS);

        CopyOutcome second = copier.copy(REQUEST, Optional.of(first.resumeToken()), timeLeft);

        assertThat(second).isInstanceOf(CopyOutcome.Copied.class);
        assertThat(s3.aborted).containsExactly("upload-1");
        assertThat(s3.copiedIn("upload-2")).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void shouldCopyAnewWhenTheUploadIsGoneAndIgnoreATokenItDidNotWrite() {
        CopyOutcome.Unfinished first = firstCallCopyingThreeParts();
        s3.uploads.remove("upload-1"); // a lifecycle rule aborted it
        s3.millisLeft.set(9 * PART_MILLIS);

        assertThat(copier.copy(REQUEST, Optional.of(first.resumeToken()), timeLeft))
                .isInstanceOf(CopyOutcome.Copied.class);
        s3.millisLeft.set(9 * PART_MILLIS);
        assertThat(copier.copy(REQUEST, Optional.of("not/ours"), timeLeft)).isInstanceOf(CopyOutcome.Copied.class);

        assertThat(s3.created).containsExactly("upload-1", "upload-2", "upload-3");
        assertThat(s3.copiedIn("upload-2")).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void shouldKeepTheUploadOnAPassingPartFailureAfterProgressAndCountNoProgressWhenNothingMore() {
        s3.failPartNumber = 3;
        s3.failPart = error("SlowDown", 503);
        s3.millisLeft.set(9 * PART_MILLIS);

        CopyOutcome first = copier.copy(REQUEST, Optional.empty(), timeLeft);
        assertThat(first).isEqualTo(new CopyOutcome.Unfinished(
                new MultipartResume("upload-1", 5 * MIB, "v1", "e1").token(), 2, 5, 2, "SlowDown"));
        CopyOutcome second = copier.copy(REQUEST, Optional.of(((CopyOutcome.Unfinished) first).resumeToken()),
                timeLeft);

        assertThat(second).as("resumed, copied nothing: no progress").isEqualTo(new CopyOutcome.Unfinished(
                new MultipartResume("upload-1", 5 * MIB, "v1", "e1").token(), 2, 5, 0, "SlowDown"));
        assertThat(s3.aborted).isEmpty();
        assertThat(s3.created).containsExactly("upload-1");
    }

    @Test
    void shouldAbortAnUploadThatHoldsNothingWhenNoPartCouldStartAndAbandonOnRequest() {
        s3.millisLeft.set(30_000); // less than the 60 s margin

        assertThat(copier.copy(REQUEST, Optional.empty(), timeLeft))
                .isEqualTo(new CopyOutcome.Failed(CopyOutcome.Unfinished.OUT_OF_TIME, true));
        assertThat(s3.aborted).containsExactly("upload-1");

        CopyOutcome.Unfinished unfinished = firstCallCopyingThreeParts();
        copier.abandon(REQUEST, unfinished.resumeToken());
        assertThat(s3.aborted).containsExactly("upload-1", "upload-2");
    }

    @Test
    void shouldAbortOnAFailureThatWillNotPassEvenWithPartsKept() {
        CopyOutcome.Unfinished first = firstCallCopyingThreeParts();
        s3.failPartNumber = 4;
        s3.failPart = error("AccessDenied", 403);
        s3.millisLeft.set(9 * PART_MILLIS);

        assertThat(copier.copy(REQUEST, Optional.of(first.resumeToken()), timeLeft))
                .isEqualTo(new CopyOutcome.Failed("AccessDenied", false));
        assertThat(s3.aborted).containsExactly("upload-1");
    }
}
