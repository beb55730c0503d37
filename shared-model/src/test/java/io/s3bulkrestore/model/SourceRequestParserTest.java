package io.s3bulkrestore.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code POST /jobs} with a {@code source}: what is accepted, and the field every refusal names. */
class SourceRequestParserTest {

    private static Map<String, Object> source() {
        Map<String, Object> source = new HashMap<>();
        source.put("bucket", "archive-1");
        source.put("prefix", "logs/2019/");
        return source;
    }

    private static Map<String, Object> body(Map<String, Object> source) {
        Map<String, Object> body = new HashMap<>();
        body.put("source", source);
        body.put("expiration_days", 5);
        return body;
    }

    private static Map<String, Object> sourceWith(String field, Object value) {
        Map<String, Object> source = source();
        source.put(field, value);
        return body(source);
    }

    @Test
    void shouldDefaultToEveryArchiveClassAManualConfirmAndTheCurrentVersions() {
        CreateJobRequest request = CreateJobRequestParser.parse(body(source()));

        assertThat(request.source()).isEqualTo(new RestoreSource("archive-1", "logs/2019/", null, null, null, null,
                null, null, List.of(SourceStorageClass.GLACIER, SourceStorageClass.DEEP_ARCHIVE,
                SourceStorageClass.INTELLIGENT_TIERING)));
        assertThat(request.confirm()).isEqualTo(ConfirmMode.MANUAL);
        assertThat(request.manifestBucket()).isNull();
        assertThat(request.manifestFormat()).isEqualTo(ManifestFormat.INVENTORY);
        assertThat(request.storage()).isEqualTo(StorageFamily.GLACIER);
        assertThat(request.expirationDays()).isEqualTo(5);
    }

    @Test
    void shouldAcceptEveryFilterSpelledOut() {
        Map<String, Object> source = source();
        source.put("suffix", ".parquet");
        source.put("substring", "raw");
        source.put("created_after", "2019-01-01T00:00:00Z");
        source.put("created_before", "2021-01-01T00:00:00Z");
        source.put("size_greater_than_bytes", 0);
        source.put("size_less_than_bytes", 5_000_000_000L);
        source.put("storage_classes", List.of("DEEP_ARCHIVE"));
        source.put("versions", "current");
        Map<String, Object> body = body(source);
        body.put("confirm", "auto");
        body.put("tier", "BULK");

        CreateJobRequest request = CreateJobRequestParser.parse(body);

        assertThat(request.source()).isEqualTo(new RestoreSource("archive-1", "logs/2019/", ".parquet", "raw",
                Instant.parse("2019-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"), 0L, 5_000_000_000L,
                List.of(SourceStorageClass.DEEP_ARCHIVE)));
        assertThat(request.confirm()).isEqualTo(ConfirmMode.AUTO);
        assertThat(request.tier()).isEqualTo(RestoreTier.BULK);
    }

    @Test
    void shouldTakeNoDaysForIntelligentTieringAlone() {
        Map<String, Object> body = sourceWith("storage_classes", List.of("INTELLIGENT_TIERING"));
        body.remove("expiration_days");

        CreateJobRequest request = CreateJobRequestParser.parse(body);

        assertThat(request.storage()).isEqualTo(StorageFamily.INTELLIGENT_TIERING);
        assertThat(request.expirationDays()).isNull();
    }

    @Test
    void shouldFingerprintTwoSourcesThatDifferInOneFilterApart() {
        CreateJobRequest a = CreateJobRequestParser.parse(body(source()));
        CreateJobRequest b = CreateJobRequestParser.parse(sourceWith("suffix", ".csv"));
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(a.fingerprint()).isEqualTo(CreateJobRequestParser.parse(body(source())).fingerprint());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> refusals() {
        Map<String, Object> both = body(source());
        both.put("bucket", "manifests-1");
        Map<String, Object> storage = body(source());
        storage.put("storage", "GLACIER");
        Map<String, Object> noDays = body(source());
        noDays.remove("expiration_days");
        Map<String, Object> daysForIt = sourceWith("storage_classes", List.of("INTELLIGENT_TIERING"));
        Map<String, Object> noBucket = source();
        noBucket.remove("bucket");
        Map<String, Object> badConfirm = body(source());
        badConfirm.put("confirm", "later");
        return Stream.of(
                arguments(both, "bucket", "must not be given with source"),
                arguments(storage, "storage", "must not be given with source"),
                arguments(Map.of("source", "s3://archive-1/logs/"), "source", "must be an object"),
                arguments(body(noBucket), "source.bucket", "source.bucket is required"),
                arguments(sourceWith("bucket", "Archive_1"), "source.bucket", "not a valid S3 bucket name"),
                arguments(sourceWith("prefixes", List.of("a/")), "source.prefixes", "unknown field"),
                arguments(sourceWith("prefix", ""), "source.prefix", "1 to 1024 characters"),
                arguments(sourceWith("suffix", "x".repeat(1025)), "source.suffix", "1 to 1024 characters"),
                arguments(sourceWith("prefix", List.of("a/", "b/")), "source.prefix", "must be a string"),
                arguments(sourceWith("created_after", "yesterday"), "source.created_after", "ISO-8601"),
                arguments(sourceWith("size_less_than_bytes", -1), "source.size_less_than_bytes", "negative"),
                arguments(sourceWith("size_greater_than_bytes", 1.5), "source.size_greater_than_bytes",
                        "whole number"),
                arguments(sourceWith("storage_classes", List.of()), "source.storage_classes", "at least one"),
                arguments(sourceWith("storage_classes", List.of("GLACIER", "STANDARD")),
                        "source.storage_classes[1]", "readable as they are"),
                arguments(sourceWith("storage_classes", List.of("GLACIER", "GLACIER")),
                        "source.storage_classes[1]", "repeats"),
                arguments(sourceWith("storage_classes", "GLACIER"), "source.storage_classes", "an array"),
                arguments(sourceWith("versions", "all"), "source.versions", "current versions only"),
                arguments(noDays, "expiration_days", "required when source.storage_classes include GLACIER"),
                arguments(daysForIt, "expiration_days", "must not be set"),
                arguments(badConfirm, "confirm", "auto"),
                arguments(Map.of("bucket", "manifests-1", "key", "m.csv", "expiration_days", 3, "confirm", "later"),
                        "confirm", "manual"));
    }

    @Test
    void shouldLetAManifestJobAskForAQuoteAndStartAtOnceByDefault() {
        var quoted = CreateJobRequestParser.parse(Map.of("bucket", "manifests-1", "key", "m.csv", "expiration_days", 3,
                "confirm", "manual"));
        var atOnce = CreateJobRequestParser.parse(Map.of("bucket", "manifests-1", "key", "m.csv", "expiration_days", 3));

        assertThat(quoted.confirm()).isEqualTo(ConfirmMode.MANUAL);
        assertThat(quoted.sourceValue()).isEmpty();
        assertThat(atOnce.confirm()).isEqualTo(ConfirmMode.AUTO);
        assertThat(quoted.fingerprint()).isNotEqualTo(atOnce.fingerprint());
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void shouldRefuseNamingTheField(Map<String, Object> body, String field, String message) {
        assertThatThrownBy(() -> CreateJobRequestParser.parse(body))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).contains(field);
                })
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseCreatedBeforeNotAfterCreatedAfter() {
        Map<String, Object> source = source();
        source.put("created_after", "2021-01-01T00:00:00Z");
        source.put("created_before", "2021-01-01T00:00:00Z");
        assertThatThrownBy(() -> CreateJobRequestParser.parse(body(source)))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.field()).contains("source.created_before"))
                .hasMessageContaining("must be later than");
    }

    @Test
    void shouldRefuseASizeRangeThatHoldsNoSize() {
        Map<String, Object> source = source();
        source.put("size_greater_than_bytes", 10);
        source.put("size_less_than_bytes", 11);
        assertThatThrownBy(() -> CreateJobRequestParser.parse(body(source)))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.field()).contains("source.size_less_than_bytes"));
        source.put("size_less_than_bytes", 12);
        assertThat(CreateJobRequestParser.parse(body(source)).source().sizeLessThanBytes()).isEqualTo(12);
    }
}
