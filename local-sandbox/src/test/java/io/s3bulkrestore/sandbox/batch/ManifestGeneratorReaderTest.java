package io.s3bulkrestore.sandbox.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CreateJob with a ManifestGenerator: what is read, and each refusal S3 Control's model calls for. */
class ManifestGeneratorReaderTest {

    private static final String ACCOUNT = "123456789012";

    /** Every member of S3JobManifestGenerator and its filter, as the SDK writes them. */
    private static final String GENERATOR = """
            <ManifestGenerator><S3JobManifestGenerator>
              <ExpectedBucketOwner>123456789012</ExpectedBucketOwner>
              <SourceBucket>arn:aws:s3:::archive-data</SourceBucket>
              <ManifestOutputLocation>
                <ExpectedManifestBucketOwner>123456789012</ExpectedManifestBucketOwner>
                <Bucket>arn:aws:s3:::manifests</Bucket>
                <ManifestPrefix>generated/ </ManifestPrefix>
                <ManifestEncryption><SSE-KMS><KeyId>arn:aws:kms:us-east-1:123456789012:key/k</KeyId></SSE-KMS></ManifestEncryption>
                <ManifestFormat>S3InventoryReport_CSV_20211130</ManifestFormat>
              </ManifestOutputLocation>
              <Filter>
                <EligibleForReplication>false</EligibleForReplication>
                <CreatedAfter>2026-01-02T03:04:05Z</CreatedAfter>
                <CreatedBefore>2026-02-03T04:05:06.789+01:00</CreatedBefore>
                <ObjectReplicationStatuses><member>NONE</member><member>COMPLETED</member></ObjectReplicationStatuses>
                <KeyNameConstraint>
                  <MatchAnyPrefix><member>photos/ 2026</member></MatchAnyPrefix>
                  <MatchAnySuffix><member>.jpg</member></MatchAnySuffix>
                  <MatchAnySubstring><member>summer</member></MatchAnySubstring>
                </KeyNameConstraint>
                <ObjectSizeGreaterThanBytes>100</ObjectSizeGreaterThanBytes>
                <ObjectSizeLessThanBytes>5000000000</ObjectSizeLessThanBytes>
                <MatchAnyStorageClass><member>GLACIER</member><member>DEEP_ARCHIVE</member></MatchAnyStorageClass>
              </Filter>
              <EnableManifestOutput>true</EnableManifestOutput>
            </S3JobManifestGenerator></ManifestGenerator>
            """;

    private static String request(String generator) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <CreateJobRequest xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
                  <ConfirmationRequired>true</ConfirmationRequired>
                  <Operation><S3InitiateRestoreObject><ExpirationInDays>7</ExpirationInDays><GlacierJobTier>BULK</GlacierJobTier></S3InitiateRestoreObject></Operation>
                  <Report><Enabled>false</Enabled></Report>
                  <ClientRequestToken>job-1</ClientRequestToken>
                  %s
                  <Priority>10</Priority>
                  <RoleArn>arn:aws:iam::123456789012:role/R</RoleArn>
                </CreateJobRequest>
                """.formatted(generator);
    }

    private static JobSpec read(String generator) {
        return CreateJobRequestReader.read(ACCOUNT, request(generator).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryMemberOfTheGeneratorAndItsFilter() {
        // When
        JobSpec spec = read(GENERATOR);

        // Then
        assertThat(spec.confirmationRequired()).isTrue();
        assertThat(spec.source()).isInstanceOfSatisfying(ManifestGeneratorSpec.class, generator -> {
            assertThat(generator.sourceBucketArn()).isEqualTo("arn:aws:s3:::archive-data");
            assertThat(generator.sourceBucket()).isEqualTo("archive-data");
            assertThat(generator.expectedBucketOwner()).isEqualTo(ACCOUNT);
            assertThat(generator.enableManifestOutput()).isTrue();
            assertThat(generator.writesManifest()).isTrue();
            assertThat(generator.output()).isEqualTo(new ManifestGeneratorSpec.OutputLocation("arn:aws:s3:::manifests",
                    "manifests", ACCOUNT, "generated/ ",
                    new ManifestGeneratorSpec.Encryption("arn:aws:kms:us-east-1:123456789012:key/k"),
                    "S3InventoryReport_CSV_20211130"));
            // strings compared with keys are kept as sent, spaces included
            assertThat(generator.filter()).isEqualTo(new GeneratorFilter(false,
                    Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-02-03T03:05:06.789Z"),
                    java.util.List.of("NONE", "COMPLETED"), java.util.List.of("photos/ 2026"),
                    java.util.List.of(".jpg"), java.util.List.of("summer"), 100L, 5_000_000_000L,
                    java.util.List.of("GLACIER", "DEEP_ARCHIVE")));
        });
    }

    @Test
    void shouldReadAGeneratorWithoutFilterOrOutputAsOneThatListsTheWholeBucketAndWritesNothing() {
        // When
        JobSpec spec = read("<ManifestGenerator><S3JobManifestGenerator><SourceBucket>arn:aws:s3:::archive-data"
                + "</SourceBucket><EnableManifestOutput>false</EnableManifestOutput></S3JobManifestGenerator>"
                + "</ManifestGenerator>");

        // Then
        assertThat(spec.source()).isInstanceOfSatisfying(ManifestGeneratorSpec.class, generator -> {
            assertThat(generator.filter()).isEqualTo(GeneratorFilter.none());
            assertThat(generator.output()).isNull();
            assertThat(generator.writesManifest()).isFalse();
        });
    }

    @Test
    void shouldReadSseS3ManifestEncryption() {
        String generator = GENERATOR.replace(
                "<SSE-KMS><KeyId>arn:aws:kms:us-east-1:123456789012:key/k</KeyId></SSE-KMS>", "<SSE-S3/>");
        assertThat(((ManifestGeneratorSpec) read(generator).source()).output().encryption())
                .isEqualTo(new ManifestGeneratorSpec.Encryption(null));
    }

    /** Each case: the text replaced in {@link #GENERATOR}, its replacement, and the refusal's message. */
    static Stream<Arguments> refusals() {
        String path = "ManifestGenerator.S3JobManifestGenerator.";
        String filter = path + "Filter.";
        String keys = filter + "KeyNameConstraint.";
        return Stream.of(
                Arguments.of("<SourceBucket>arn:aws:s3:::archive-data</SourceBucket>", "",
                        "the required element " + path + "SourceBucket is missing"),
                Arguments.of("<EnableManifestOutput>true</EnableManifestOutput>", "",
                        "the required element " + path + "EnableManifestOutput is missing"),
                Arguments.of("<EnableManifestOutput>true</EnableManifestOutput>",
                        "<EnableManifestOutput>1</EnableManifestOutput>",
                        path + "EnableManifestOutput must be true or false, got '1'"),
                Arguments.of("arn:aws:s3:::archive-data", "archive-data",
                        path + "SourceBucket must be an S3 bucket ARN of at most 128 characters matching arn:[^:]+:s3:.*,"
                                + " got 'archive-data'"),
                Arguments.of("arn:aws:s3:::archive-data", "arn:aws:s3:::" + "b".repeat(116),
                        path + "SourceBucket must be an S3 bucket ARN of at most 128 characters"),
                Arguments.of("arn:aws:s3:::archive-data", "arn:aws:s3express:us-east-1:123456789012:bucket/d--use1-az4--x-s3",
                        path + "SourceBucket must be an S3 bucket ARN"),
                Arguments.of("arn:aws:s3:::archive-data", "arn:aws:s3:us-east-1:123456789012:accesspoint/ap",
                        path + "SourceBucket must name a bucket (arn:aws:s3:::bucket)"),
                Arguments.of("<ExpectedBucketOwner>123456789012</ExpectedBucketOwner>",
                        "<ExpectedBucketOwner>1234</ExpectedBucketOwner>",
                        path + "ExpectedBucketOwner must be a 12-digit account id, got '1234'"),
                Arguments.of(GENERATOR.substring(GENERATOR.indexOf("<ManifestOutputLocation>"),
                                GENERATOR.indexOf("</ManifestOutputLocation>") + "</ManifestOutputLocation>".length()), "",
                        path + "ManifestOutputLocation is required when EnableManifestOutput is true"),
                Arguments.of("<Bucket>arn:aws:s3:::manifests</Bucket>", "",
                        "the required element " + path + "ManifestOutputLocation.Bucket is missing"),
                Arguments.of("<ManifestFormat>S3InventoryReport_CSV_20211130</ManifestFormat>", "",
                        "the required element " + path + "ManifestOutputLocation.ManifestFormat is missing"),
                Arguments.of("<ManifestFormat>S3InventoryReport_CSV_20211130</ManifestFormat>",
                        "<ManifestFormat>S3InventoryReport_CSV_20161130</ManifestFormat>",
                        path + "ManifestOutputLocation.ManifestFormat must be S3InventoryReport_CSV_20211130, got"
                                + " 'S3InventoryReport_CSV_20161130'"),
                Arguments.of("<ExpectedManifestBucketOwner>123456789012</ExpectedManifestBucketOwner>",
                        "<ExpectedManifestBucketOwner>abcdefghijkl</ExpectedManifestBucketOwner>",
                        path + "ManifestOutputLocation.ExpectedManifestBucketOwner must be a 12-digit account id"),
                Arguments.of("<ManifestPrefix>generated/ </ManifestPrefix>", "<ManifestPrefix></ManifestPrefix>",
                        path + "ManifestOutputLocation.ManifestPrefix must be 1 to 512 characters long, got 0"),
                Arguments.of("<ManifestPrefix>generated/ </ManifestPrefix>",
                        "<ManifestPrefix>" + "p".repeat(513) + "</ManifestPrefix>",
                        path + "ManifestOutputLocation.ManifestPrefix must be 1 to 512 characters long, got 513"),
                Arguments.of("<KeyId>arn:aws:kms:us-east-1:123456789012:key/k</KeyId>", "",
                        "the required element " + path + "ManifestOutputLocation.ManifestEncryption.SSE-KMS.KeyId is missing"),
                Arguments.of("<SSE-KMS><KeyId>arn:aws:kms:us-east-1:123456789012:key/k</KeyId></SSE-KMS>",
                        "<SSE-S3/><SSE-KMS><KeyId>k</KeyId></SSE-KMS>",
                        path + "ManifestOutputLocation.ManifestEncryption must name one of SSE-S3 and SSE-KMS, found 2"),
                Arguments.of("<EligibleForReplication>false</EligibleForReplication>",
                        "<EligibleForReplication>true</EligibleForReplication>",
                        filter + "EligibleForReplication=true is not emulated"),
                Arguments.of("<EligibleForReplication>false</EligibleForReplication>",
                        "<MatchAnyObjectEncryption><ObjectEncryption><SSE-S3/></ObjectEncryption></MatchAnyObjectEncryption>",
                        filter + "MatchAnyObjectEncryption is not emulated"),
                Arguments.of("2026-01-02T03:04:05Z", "2026-01-02",
                        filter + "CreatedAfter must be an ISO 8601 date-time, got '2026-01-02'"),
                Arguments.of("2026-02-03T04:05:06.789+01:00", "yesterday",
                        filter + "CreatedBefore must be an ISO 8601 date-time, got 'yesterday'"),
                Arguments.of("<member>COMPLETED</member>", "<member>PENDING</member>",
                        filter + "ObjectReplicationStatuses has 'PENDING', which is not one of"
                                + " [COMPLETED, FAILED, NONE, REPLICA]"),
                Arguments.of("<member>DEEP_ARCHIVE</member>", "<member>REDUCED_REDUNDANCY</member>",
                        filter + "MatchAnyStorageClass has 'REDUCED_REDUNDANCY', which is not one of [DEEP_ARCHIVE,"
                                + " GLACIER, GLACIER_IR, INTELLIGENT_TIERING, ONEZONE_IA, STANDARD, STANDARD_IA]"),
                Arguments.of("<member>DEEP_ARCHIVE</member>", "<member>glacier</member>",
                        filter + "MatchAnyStorageClass has 'glacier'"),
                Arguments.of("<member>photos/ 2026</member>", "<member>a/</member><member>b/</member>",
                        keys + "MatchAnyPrefix accepts exactly one string, got 2"),
                Arguments.of("<MatchAnySuffix><member>.jpg</member></MatchAnySuffix>", "<MatchAnySuffix></MatchAnySuffix>",
                        keys + "MatchAnySuffix accepts exactly one string, got 0"),
                Arguments.of("<member>summer</member>", "<member></member>",
                        keys + "MatchAnySubstring must be 1 to 1024 characters long, got 0"),
                Arguments.of("<member>summer</member>", "<member>" + "s".repeat(1025) + "</member>",
                        keys + "MatchAnySubstring must be 1 to 1024 characters long, got 1025"),
                Arguments.of("<ObjectSizeGreaterThanBytes>100</ObjectSizeGreaterThanBytes>",
                        "<ObjectSizeGreaterThanBytes>1KB</ObjectSizeGreaterThanBytes>",
                        filter + "ObjectSizeGreaterThanBytes must be a whole number, got '1KB'"),
                Arguments.of("<ObjectSizeLessThanBytes>5000000000</ObjectSizeLessThanBytes>",
                        "<ObjectSizeLessThanBytes>9.5</ObjectSizeLessThanBytes>",
                        filter + "ObjectSizeLessThanBytes must be a whole number, got '9.5'"),
                Arguments.of("<ManifestGenerator><S3JobManifestGenerator>",
                        "<ManifestGenerator><OtherGenerator/><S3JobManifestGenerator>",
                        "ManifestGenerator must hold exactly one generator, found 2"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("refusals")
    void shouldRefuseWhatTheModelDoesNotAllowNamingTheMember(String replaced, String replacement, String message) {
        // Given
        assertThat(GENERATOR).contains(replaced);
        String generator = GENERATOR.replace(replaced, replacement);

        // When / Then
        assertThatThrownBy(() -> read(generator)).isInstanceOfSatisfying(S3ControlError.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("InvalidRequest");
            assertThat(e.getMessage()).startsWith(message);
        });
    }

    @Test
    void shouldRefuseAnotherKindOfGenerator() {
        assertThatThrownBy(() -> read("<ManifestGenerator><ReplicationGenerator/></ManifestGenerator>"))
                .hasMessage("ManifestGenerator must be an S3JobManifestGenerator, got ReplicationGenerator");
    }
}
