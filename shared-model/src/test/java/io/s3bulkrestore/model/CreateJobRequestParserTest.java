package io.s3bulkrestore.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CreateJobRequestParserTest {

    private static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("bucket", "manifests-1");
        body.put("key", "jobs/manifest.csv");
        body.put("expiration_days", 7);
        return body;
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = valid();
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> body = valid();
        body.remove(field);
        return body;
    }

    @Test
    void shouldApplyDefaultsToAMinimalGlacierRequest() {
        CreateJobRequest request = CreateJobRequestParser.parse(valid());
        assertThat(request).isEqualTo(new CreateJobRequest("manifests-1", "jobs/manifest.csv", RestoreTier.STANDARD,
                7, StorageFamily.GLACIER, ManifestFormat.CSV, null));
    }

    @Test
    void shouldAcceptEveryOptionSpelledOut() {
        Map<String, Object> body = new HashMap<>(Map.of("bucket", "manifests-1", "key", "inv/manifest.json",
                "tier", "BULK", "storage", "INTELLIGENT_TIERING", "manifest_format", "inventory",
                "client_tag", "Q3 audit: fin/ops @team=data_1.2+x"));
        assertThat(CreateJobRequestParser.parse(body)).isEqualTo(new CreateJobRequest("manifests-1",
                "inv/manifest.json", RestoreTier.BULK, null, StorageFamily.INTELLIGENT_TIERING,
                ManifestFormat.INVENTORY, "Q3 audit: fin/ops @team=data_1.2+x"));
    }

    @Test
    void shouldAcceptTheBoundaryValues() {
        assertThat(CreateJobRequestParser.parse(with("expiration_days", 1)).expirationDays()).isEqualTo(1);
        assertThat(CreateJobRequestParser.parse(with("expiration_days", 365L)).expirationDays()).isEqualTo(365);
        assertThat(CreateJobRequestParser.parse(with("key", "k".repeat(1024))).manifestKey()).hasSize(1024);
        assertThat(CreateJobRequestParser.parse(with("client_tag", "t".repeat(256))).clientTag()).hasSize(256);
        assertThat(CreateJobRequestParser.parse(with("bucket", "abc")).manifestBucket()).isEqualTo("abc");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> invalidRequests() {
        Map<String, Object> itWithDays = new HashMap<>(with("storage", "INTELLIGENT_TIERING"));
        return Stream.of(
                arguments("missing bucket", without("bucket"), "bucket", "required"),
                arguments("missing key", without("key"), "key", "required"),
                arguments("bucket not a string", with("bucket", 12), "bucket", "must be a string"),
                arguments("bucket upper case", with("bucket", "Manifests"), "bucket", "lower-case"),
                arguments("bucket too short", with("bucket", "ab"), "bucket", "3 to 63"),
                arguments("bucket too long", with("bucket", "a".repeat(64)), "bucket", "3 to 63"),
                arguments("bucket underscore", with("bucket", "my_bucket"), "bucket", "lower-case"),
                arguments("bucket double dot", with("bucket", "a..b"), "bucket", "adjacent periods"),
                arguments("bucket ip address", with("bucket", "192.168.1.1"), "bucket", "IP address"),
                arguments("bucket reserved prefix", with("bucket", "xn--abc"), "bucket", "xn--"),
                arguments("bucket reserved suffix", with("bucket", "abc-s3alias"), "bucket", "-s3alias"),
                arguments("key empty", with("key", ""), "key", "empty"),
                arguments("key too long", with("key", "é".repeat(513)), "key", "1024 bytes"),
                arguments("key an array", with("key", List.of("a")), "key", "an array"),
                arguments("tier expedited", with("tier", "EXPEDITED"), "tier", "not accepted by S3 Batch Operations"),
                arguments("tier expedited lower", with("tier", "expedited"), "tier", "not accepted"),
                arguments("tier lower case", with("tier", "standard"), "tier", "upper case"),
                arguments("tier unknown", with("tier", "FAST"), "tier", "STANDARD or BULK"),
                arguments("tier a number", with("tier", 1), "tier", "must be a string, got a number"),
                arguments("expiration zero", with("expiration_days", 0), "expiration_days", "between 1 and 365"),
                arguments("expiration negative", with("expiration_days", -1), "expiration_days", "between 1 and 365"),
                arguments("expiration 366", with("expiration_days", 366), "expiration_days", "between 1 and 365"),
                arguments("expiration a string", with("expiration_days", "7"), "expiration_days", "a string"),
                arguments("expiration fractional", with("expiration_days", 1.5), "expiration_days", "fractional"),
                arguments("expiration boolean", with("expiration_days", true), "expiration_days", "a boolean"),
                arguments("expiration huge", with("expiration_days", new BigInteger("99999999999999999999")),
                        "expiration_days", "out of range"),
                arguments("expiration missing for glacier", without("expiration_days"), "expiration_days", "required"),
                arguments("days with intelligent tiering", itWithDays, "expiration_days", "must not be set"),
                arguments("storage unknown", with("storage", "DEEP_ARCHIVE"), "storage", "GLACIER or INTELLIGENT_TIERING"),
                arguments("format unknown", with("manifest_format", "json"), "manifest_format", "csv or inventory"),
                arguments("format upper case", with("manifest_format", "CSV"), "manifest_format", "csv or inventory"),
                arguments("client tag too long", with("client_tag", "t".repeat(257)), "client_tag", "256"),
                arguments("client tag bad char", with("client_tag", "a;b"), "client_tag", "character set"),
                arguments("client tag an object", with("client_tag", Map.of()), "client_tag", "an object"),
                arguments("unknown field", with("expiration_day", 3), "expiration_day", "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void shouldRejectWithTheFieldAtFault(String name, Map<String, Object> body, String field, String message) {
        assertThatThrownBy(() -> CreateJobRequestParser.parse(body))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).contains(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void shouldGiveDifferentFingerprintsToDifferentJobsAndEqualOnesToEqualJobs() {
        CreateJobRequest a = CreateJobRequestParser.parse(valid());
        CreateJobRequest b = CreateJobRequestParser.parse(with("expiration_days", 8));
        assertThat(a.fingerprint()).isEqualTo(CreateJobRequestParser.parse(valid()).fingerprint()).hasSize(64);
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    }
}
