package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.model.TargetStorageClass;
import io.s3bulkrestore.model.ObjectId;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The copier's requests and its answers to S3's errors, against a scripted S3 client. */
class S3ObjectCopierTest {

    private static final CopyRequest REQUEST = new CopyRequest(new ObjectId("archive-1", "k", "v1"), "permanent-1", "k",
            TargetStorageClass.GLACIER_IR, true, null);

    /** HeadObject answers: the source (restored, GLACIER), the destination (absent); CopyObject answers as scripted. */
    private static final class ScriptedS3 implements S3Client {
        final Deque<Object> copyAnswers = new ArrayDeque<>();
        final List<CopyObjectRequest> copies = new ArrayList<>();
        HeadObjectResponse destination;
        final List<String> headed = new ArrayList<>();

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest request) {
            headed.add(request.bucket());
            if (request.bucket().equals("archive-1")) {
                return HeadObjectResponse.builder().eTag("\"e1\"").contentLength(10L).storageClass("GLACIER")
                        .restore("ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2040 00:00:00 GMT\"")
                        .metadata(Map.of("owner", "team-a")).contentType("text/csv").versionId("v1").build();
            }
            if (destination != null) {
                return destination;
            }
            throw error("NoSuchKey", 404);
        }

        @Override
        public CopyObjectResponse copyObject(CopyObjectRequest request) {
            copies.add(request);
            Object answer = copyAnswers.pop();
            if (answer instanceof RuntimeException e) {
                throw e;
            }
            return (CopyObjectResponse) answer;
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

    private static CopyObjectResponse copied() {
        return CopyObjectResponse.builder().versionId("d1").copyObjectResult(r -> r.eTag("\"e1\"")).build();
    }

    private final ScriptedS3 s3 = new ScriptedS3();
    private final List<Duration> sleeps = new ArrayList<>();
    /** Always the top of the range: the waits show the ceiling of each backoff. */
    private final RandomGenerator highest = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };
    private final S3ObjectCopier copier = new S3ObjectCopier(s3,
            S3CopySettings.defaults().withRetries(4, Duration.ofMillis(100), Duration.ofMillis(250)), sleeps::add, highest);

    @Test
    void shouldPinTheVersionReplaceMetadataWithTheSourcesPlusTheMarkerAndCopyTags() {
        s3.copyAnswers.add(copied());

        assertThat(copier.copy(REQUEST)).isEqualTo(new CopyOutcome.Copied("d1", "e1", 1));

        CopyObjectRequest sent = s3.copies.getFirst();
        assertThat(sent.sourceVersionId()).isEqualTo("v1");
        assertThat(sent.copySourceIfMatch()).isEqualTo("\"e1\"");
        assertThat(sent.storageClassAsString()).isEqualTo("GLACIER_IR");
        assertThat(sent.metadataDirective()).isEqualTo(MetadataDirective.REPLACE);
        assertThat(sent.metadata()).containsEntry("owner", "team-a").containsEntry(CopyMarker.VERSION, "v1")
                .containsEntry(CopyMarker.ETAG, "e1").containsKey(CopyMarker.SOURCE);
        assertThat(sent.contentType()).isEqualTo("text/csv");
        assertThat(sent.taggingDirective()).isEqualTo(TaggingDirective.COPY);
        assertThat(sent.ssekmsKeyId()).isNull();
    }

    @Test
    void shouldFindACopyAnEarlierCallMadeAndWriteNothing() {
        s3.destination = HeadObjectResponse.builder().versionId("d1")
                .metadata(CopyMarker.of(REQUEST.source(), "\"e1\"").addTo(Map.of())).build();

        assertThat(copier.copy(REQUEST)).isInstanceOf(CopyOutcome.AlreadyCopied.class);
        assertThat(s3.headed).containsExactly("archive-1", "permanent-1");
        assertThat(s3.copies).isEmpty();
    }

    @Test
    void shouldBackOffWithGrowingCappedWaitsOnSlowDownAndThenSucceed() {
        s3.copyAnswers.add(error("SlowDown", 503));
        s3.copyAnswers.add(error("SlowDown", 503));
        s3.copyAnswers.add(error("SlowDown", 503));
        s3.copyAnswers.add(copied());

        assertThat(copier.copy(REQUEST)).isInstanceOf(CopyOutcome.Copied.class);

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
        assertThat(s3.copies).hasSize(4);
    }

    @Test
    void shouldGiveUpRetryableAfterTheLastAttempt() {
        for (int i = 0; i < 4; i++) {
            s3.copyAnswers.add(error("InternalError", 500));
        }

        assertThat(copier.copy(REQUEST)).isEqualTo(new CopyOutcome.Failed("InternalError", true));
        assertThat(s3.copies).hasSize(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void shouldNotRetryAPermanentError() {
        s3.copyAnswers.add(error("AccessDenied", 403));

        assertThat(copier.copy(REQUEST)).isEqualTo(new CopyOutcome.Failed("AccessDenied", false));
        assertThat(s3.copies).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldReportAnExpiredRestoreWhenTheCopySaysSo() {
        s3.copyAnswers.add(error("ObjectNotInActiveTierError", 403));

        assertThat(copier.copy(REQUEST)).isEqualTo(new CopyOutcome.SourceRestoreExpired("ObjectNotInActiveTierError"));
    }

    @Test
    void shouldNotWriteAgainWhenTheDestinationHoldsTheCopyAfterALostAnswer() {
        // The first CopyObject was carried out, but its answer was lost on the way back.
        s3.copyAnswers.add(SdkClientException.create("connection reset"));
        CopyMarker marker = CopyMarker.of(REQUEST.source(), "\"e1\"");
        s3.copyAnswers.add(copied());
        ScriptedS3 scripted = s3;
        // From the retry on, HeadObject of the destination finds the copy.
        S3Client afterLoss = new S3Client() {
            int copies;

            @Override
            public HeadObjectResponse headObject(HeadObjectRequest request) {
                return scripted.headObject(request);
            }

            @Override
            public CopyObjectResponse copyObject(CopyObjectRequest request) {
                copies++;
                scripted.destination = HeadObjectResponse.builder().versionId("d1").eTag("\"e1\"")
                        .metadata(marker.addTo(Map.of())).build();
                return scripted.copyObject(request);
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {
            }
        };
        S3ObjectCopier losing = new S3ObjectCopier(afterLoss, S3CopySettings.defaults(), sleeps::add, highest);

        assertThat(losing.copy(REQUEST)).isEqualTo(new CopyOutcome.AlreadyCopied("d1"));
        assertThat(s3.copies).hasSize(1);
    }

    @Test
    void shouldEncryptWithTheKmsKeyAndDropTagsWhenAsked() {
        s3.copyAnswers.add(copied());

        copier.copy(new CopyRequest(REQUEST.source(), "permanent-1", "k", TargetStorageClass.STANDARD, false,
                "alias/archive"));

        CopyObjectRequest sent = s3.copies.getFirst();
        assertThat(sent.ssekmsKeyId()).isEqualTo("alias/archive");
        assertThat(sent.serverSideEncryptionAsString()).isEqualTo("aws:kms");
        assertThat(sent.taggingDirective()).isEqualTo(TaggingDirective.REPLACE);
        assertThat(sent.tagging()).isNull();
        assertThat(sent.metadata()).doesNotContainKey("owner").containsKey(CopyMarker.SOURCE);
    }

    @Test
    void shouldPlanPartsOfTheConfiguredSizeAndGrowThemPastTenThousand() {
        assertThat(PartRanges.of(12 * S3CopySettings.MIB + 5, 5 * S3CopySettings.MIB))
                .extracting(PartRanges.Part::copySourceRange)
                .containsExactly("bytes=0-5242879", "bytes=5242880-10485759", "bytes=10485760-12582916");
        long fiveTib = 5L * 1024 * S3CopySettings.GIB;
        List<PartRanges.Part> parts = PartRanges.of(fiveTib, 256 * S3CopySettings.MIB);
        assertThat(parts).hasSizeLessThanOrEqualTo(S3CopySettings.MAX_PARTS);
        assertThat(parts.getLast().last()).isEqualTo(fiveTib - 1);
    }
}
