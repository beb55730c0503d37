package io.s3bulkrestore.emulators;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the moto behaviour the rest of the suite relies on: archived objects refuse GET until restored, RestoreObject
 * answering as S3's does (through the launcher's patch), and SQS through the launcher script that takes moto's
 * per-request costs out.
 */
class MotoServerIT {

    private static final String KEY = "dir/a b+c.txt";
    private static final StaticCredentialsProvider TESTING =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    @Test
    void shouldRefuseASecondRestoreWith409WhileTheFirstIsInProgress() {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = s3(moto)) {
            // Given a restore just initiated (moto completes it only when the object's status is next read)
            archived(s3, "archive-1");
            assertThat(restore(s3, "archive-1", null)).isEqualTo(202);

            // When the same object version is restored again, Then S3's answer: 409 RestoreAlreadyInProgress
            assertThatThrownBy(() -> restore(s3, "archive-1", null))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(409);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RestoreAlreadyInProgress");
                    });
        }
    }

    @Test
    void shouldAnswer200ToARestoreOfAnObjectAlreadyRestored() {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = s3(moto)) {
            // Given a restore that completed (reading the status is when moto completes it)
            archived(s3, "archive-1");
            assertThat(restore(s3, "archive-1", null)).isEqualTo(202);
            assertThat(s3.headObject(b -> b.bucket("archive-1").key(KEY)).restore()).contains("ongoing-request=\"false\"");

            // When / Then: restoring again only extends the copy, with 200 OK as S3 answers
            assertThat(restore(s3, "archive-1", null)).isEqualTo(200);
        }
    }

    @Test
    void shouldRestoreTheVersionTheRequestNames() {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = s3(moto)) {
            // Given two archived versions of one key
            s3.createBucket(b -> b.bucket("versions-1"));
            s3.putBucketVersioning(b -> b.bucket("versions-1").versioningConfiguration(v -> v.status("Enabled")));
            String older = s3.putObject(b -> b.bucket("versions-1").key(KEY).storageClass(StorageClass.GLACIER),
                    RequestBody.fromString("older")).versionId();
            s3.putObject(b -> b.bucket("versions-1").key(KEY).storageClass(StorageClass.GLACIER),
                    RequestBody.fromString("newer"));

            // When the older one is restored
            assertThat(restore(s3, "versions-1", older)).isEqualTo(202);

            // Then it is the one restored, and the current version is untouched
            assertThat(s3.headObject(b -> b.bucket("versions-1").key(KEY).versionId(older)).restore())
                    .contains("ongoing-request=\"false\"");
            assertThat(s3.headObject(b -> b.bucket("versions-1").key(KEY)).restore()).isNull();
            assertThat(s3.getObjectAsBytes(b -> b.bucket("versions-1").key(KEY).versionId(older)).asUtf8String())
                    .isEqualTo("older");
        }
    }

    /** As aws-adapters' clients reach an S3 endpoint override: path style, checksums only where required. */
    private static S3Client s3(MotoServer moto) {
        return S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(TESTING)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private static SqsClient sqs(MotoServer moto) {
        return SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(TESTING)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static void archived(S3Client s3, String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key(KEY).storageClass(StorageClass.GLACIER), RequestBody.fromString("x"));
    }

    private static int restore(S3Client s3, String bucket, String versionId) {
        return s3.restoreObject(b -> b.bucket(bucket).key(KEY).versionId(versionId).restoreRequest(r -> r.days(1)))
                .sdkHttpResponse().statusCode();
    }

    @Test
    void shouldServeArchivedObjectsWithGlacierSemantics() {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = s3(moto)) {
            s3.createBucket(b -> b.bucket("archive-1"));
            s3.putObject(b -> b.bucket("archive-1").key("a b+c.txt").storageClass(StorageClass.GLACIER),
                    RequestBody.fromString("hello"));

            assertThat(s3.headObject(b -> b.bucket("archive-1").key("a b+c.txt")).storageClassAsString())
                    .isEqualTo("GLACIER");
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("archive-1").key("a b+c.txt")))
                    .isInstanceOf(InvalidObjectStateException.class);

            s3.restoreObject(b -> b.bucket("archive-1").key("a b+c.txt").restoreRequest(r -> r.days(1)));
            assertThat(s3.headObject(b -> b.bucket("archive-1").key("a b+c.txt")).restore()).contains("ongoing-request");
        }
    }

    @Test
    void shouldReceiveMessagesThroughTheLauncherWithoutALogLinePerRequest() throws Exception {
        try (MotoServer moto = MotoServer.start(); SqsClient sqs = sqs(moto)) {
            // Given a queue with messages (ReceiveMessage is where the launcher changes moto's retention check)
            String queue = sqs.createQueue(b -> b.queueName("launcher")).queueUrl();
            for (int i = 0; i < 25; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("m" + n));
            }

            // When
            Set<String> received = new HashSet<>();
            for (int polls = 0; polls < 10 && received.size() < 25; polls++) {
                sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10))
                        .messages().forEach(message -> received.add(message.body()));
            }

            // Then: every message, within retention, and werkzeug's per-request line is gone from moto's log
            assertThat(received).hasSize(25).contains("m0", "m24");
            assertThat(Files.readString(moto.logFile())).doesNotContain("POST / HTTP/1.1");
        }
    }
}
