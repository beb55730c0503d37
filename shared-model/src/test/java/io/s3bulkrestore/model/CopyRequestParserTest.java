package io.s3bulkrestore.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code POST /jobs} with a {@code copy} option: its defaults, and the field every refusal names. */
class CopyRequestParserTest {

    private static Map<String, Object> manifestJobWith(Object copy) {
        Map<String, Object> body = new HashMap<>();
        body.put("bucket", "manifests");
        body.put("key", "m.csv");
        body.put("expiration_days", 3);
        body.put("copy", copy);
        return body;
    }

    @Test
    void shouldFillInTheDefaultsOfAnEmptyCopyOption() {
        CopySpec copy = CreateJobRequestParser.parse(manifestJobWith(Map.of())).copyValue().orElseThrow();

        assertThat(copy.destinationBucket()).isNull();
        assertThat(copy.keys().keepsKeys()).isTrue();
        assertThat(copy.storageClass()).isEqualTo(TargetStorageClass.STANDARD);
        assertThat(copy.keepMetadataAndTags()).isTrue();
        assertThat(copy.kmsKeyId()).isNull();
        assertThat(copy.destinationOf(ObjectId.of("archive", "a/b.txt"))).contains("s3://archive/a/b.txt");
    }

    @Test
    void shouldReadEveryFieldOfACopyOptionOnASourceJobToo() {
        Map<String, Object> body = new HashMap<>();
        body.put("source", Map.of("bucket", "archive", "prefix", "logs/"));
        body.put("expiration_days", 2);
        body.put("copy", Map.of("destination_bucket", "vault", "source_prefix", "logs/", "destination_prefix",
                "kept/", "storage_class", "deep_archive", "keep_metadata_and_tags", false, "kms_key_id",
                "alias/restores"));

        CreateJobRequest request = CreateJobRequestParser.parse(body);

        CopySpec copy = request.copyValue().orElseThrow();
        assertThat(copy).isEqualTo(new CopySpec("vault", DestinationKeys.of("logs/", "kept/"),
                TargetStorageClass.DEEP_ARCHIVE, false, "alias/restores"));
        assertThat(copy.destinationOf(ObjectId.of("archive", "logs/2024/a.gz"))).contains("s3://vault/kept/2024/a.gz");
        assertThat(request.sourceValue()).isPresent();
    }

    @Test
    void shouldTellACopyingJobFromAPlainOneByItsFingerprint() {
        CreateJobRequest plain = CreateJobRequestParser.parse(manifestJobWith(Map.of())).withCopy(null);
        CreateJobRequest copying = CreateJobRequestParser.parse(manifestJobWith(Map.of()));
        CreateJobRequest elsewhere = CreateJobRequestParser.parse(manifestJobWith(Map.of("destination_bucket", "vault")));

        assertThat(copying.fingerprint()).isNotEqualTo(plain.fingerprint()).isNotEqualTo(elsewhere.fingerprint());
        assertThat(plain.fingerprint()).isEqualTo(new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 3,
                StorageFamily.GLACIER, ManifestFormat.CSV, null).fingerprint());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("not an object", "copy", "must be an object"),
                Arguments.of(Map.of("bucket", "vault"), "copy.bucket", "unknown field 'copy.bucket'"),
                Arguments.of(Map.of("destination_bucket", "Not_A_Bucket"), "copy.destination_bucket",
                        "not a valid S3 bucket name"),
                Arguments.of(Map.of("destination_bucket", 7), "copy.destination_bucket", "must be a string"),
                Arguments.of(Map.of("storage_class", "REDUCED_REDUNDANCY"), "copy.storage_class",
                        "must be one of STANDARD, STANDARD_IA"),
                Arguments.of(Map.of("storage_class", "GLACIER"), "copy.storage_class", "back into archive storage"),
                Arguments.of(Map.of("keep_metadata_and_tags", "yes"), "copy.keep_metadata_and_tags",
                        "must be true or false"),
                Arguments.of(Map.of("kms_key_id", "alias/has space"), "copy.kms_key_id", "KMS key id"),
                Arguments.of(Map.of("destination_prefix", "a\u0007b"), "copy.destination_prefix", "control characters"),
                Arguments.of(Map.of("source_prefix", "x".repeat(1025)), "copy.source_prefix", "1024 bytes"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void shouldRefuseABadCopyOptionNamingTheField(Object copy, String field, String message) {
        assertThatThrownBy(() -> CreateJobRequestParser.parse(manifestJobWith(copy)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).contains(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void shouldAcceptAnArchiveClassForACopyThatGoesElsewhere() {
        for (Map<String, Object> copy : List.<Map<String, Object>>of(
                Map.of("storage_class", "GLACIER", "destination_bucket", "vault"),
                Map.of("storage_class", "DEEP_ARCHIVE", "destination_prefix", "cold/"))) {
            assertThat(CreateJobRequestParser.parse(manifestJobWith(copy)).copyValue()).isPresent();
        }
    }
}
