package io.s3bulkrestore.sandbox.batch;

import org.w3c.dom.Element;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static io.s3bulkrestore.sandbox.batch.RequestXml.children;
import static io.s3bulkrestore.sandbox.batch.RequestXml.localName;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optional;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optionalAccountId;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optionalBoolean;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optionalLong;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optionalText;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optionalUntrimmedText;
import static io.s3bulkrestore.sandbox.batch.RequestXml.requiredBoolean;
import static io.s3bulkrestore.sandbox.batch.RequestXml.requiredText;
import static io.s3bulkrestore.sandbox.batch.RequestXml.untrimmedMembers;

/**
 * Reads and validates CreateJob's {@code <ManifestGenerator>} against the S3 Control model (the constraints the
 * API reference documents for each member, and the service model the SDK is generated from):
 * <ul>
 *   <li>JobManifestGenerator is a union with one member, S3JobManifestGenerator
 *       (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_JobManifestGenerator.html);</li>
 *   <li>S3JobManifestGenerator: SourceBucket and EnableManifestOutput required, SourceBucket 1 to 128
 *       characters matching {@code arn:[^:]+:s3:.*}, ExpectedBucketOwner twelve digits
 *       (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_S3JobManifestGenerator.html);</li>
 *   <li>S3ManifestOutputLocation: Bucket and ManifestFormat required, ManifestFormat only
 *       S3InventoryReport_CSV_20211130, ManifestPrefix 1 to 512 characters
 *       (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_S3ManifestOutputLocation.html);
 *       GeneratedManifestEncryption SSE-S3 or SSE-KMS with a KeyId of 1 to 2,000 characters
 *       (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GeneratedManifestEncryption.html);</li>
 *   <li>JobManifestGeneratorFilter: storage classes and replication statuses from their enums; each
 *       KeyNameConstraint list "accepts an array of strings with a length of 1 string", each string 1 to 1,024
 *       characters (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_JobManifestGeneratorFilter.html,
 *       https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_KeyNameConstraint.html).</li>
 * </ul>
 * Refusals are 400 InvalidRequest naming the member, as for the rest of CreateJob. Two filters are refused as not
 * emulated rather than silently ignored: {@code EligibleForReplication=true} (it needs the source bucket's
 * replication rules) and {@code MatchAnyObjectEncryption}.
 */
final class ManifestGeneratorReader {

    static final String PATH = "ManifestGenerator.S3JobManifestGenerator";

    /** S3StorageClass in the S3 Control model. */
    static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "STANDARD_IA", "ONEZONE_IA", "GLACIER",
            "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR");
    /** ReplicationStatus in the S3 Control model. */
    static final Set<String> REPLICATION_STATUSES = Set.of("COMPLETED", "FAILED", "REPLICA", "NONE");

    /** S3BucketArnString: 1 to 128 characters, pattern {@code arn:[^:]+:s3:.*}. */
    private static final Pattern S3_ARN = Pattern.compile("arn:[^:]+:s3:.*");
    private static final int MAX_BUCKET_ARN = 128;
    private static final int MAX_PREFIX = 512;
    private static final int MAX_KEY_CONSTRAINT = 1024;
    private static final int MAX_KMS_KEY_ID = 2000;

    private ManifestGeneratorReader() {
    }

    static ManifestGeneratorSpec read(Element manifestGenerator) {
        List<Element> generators = children(manifestGenerator);
        if (generators.size() != 1) {
            throw S3ControlError.invalidRequest("ManifestGenerator must hold exactly one generator, found "
                    + generators.size());
        }
        Element generator = generators.get(0);
        if (!"S3JobManifestGenerator".equals(localName(generator))) {
            throw S3ControlError.invalidRequest("ManifestGenerator must be an S3JobManifestGenerator, got "
                    + localName(generator));
        }
        String sourceArn = requiredText(generator, "SourceBucket", PATH + ".SourceBucket");
        String sourceBucket = bucketOf(sourceArn, PATH + ".SourceBucket");
        boolean enableOutput = requiredBoolean(generator, "EnableManifestOutput", PATH + ".EnableManifestOutput");
        String owner = optionalAccountId(generator, "ExpectedBucketOwner", PATH + ".ExpectedBucketOwner").orElse(null);
        ManifestGeneratorSpec.OutputLocation output = optional(generator, "ManifestOutputLocation")
                .map(ManifestGeneratorReader::outputOf).orElse(null);
        if (enableOutput && output == null) {
            throw S3ControlError.invalidRequest(PATH + ".ManifestOutputLocation is required when EnableManifestOutput"
                    + " is true");
        }
        GeneratorFilter filter = optional(generator, "Filter").map(ManifestGeneratorReader::filterOf)
                .orElseGet(GeneratorFilter::none);
        return new ManifestGeneratorSpec(sourceArn, sourceBucket, owner, enableOutput, output, filter);
    }

    private static ManifestGeneratorSpec.OutputLocation outputOf(Element location) {
        String path = PATH + ".ManifestOutputLocation";
        String bucketArn = requiredText(location, "Bucket", path + ".Bucket");
        String bucket = bucketOf(bucketArn, path + ".Bucket");
        String format = requiredText(location, "ManifestFormat", path + ".ManifestFormat");
        if (!ManifestGeneratorSpec.GENERATED_FORMAT.equals(format)) {
            throw S3ControlError.invalidRequest(path + ".ManifestFormat must be " + ManifestGeneratorSpec.GENERATED_FORMAT
                    + ", got '" + format + "'");
        }
        String owner = optionalAccountId(location, "ExpectedManifestBucketOwner", path + ".ExpectedManifestBucketOwner")
                .orElse(null);
        String prefix = optionalUntrimmedText(location, "ManifestPrefix").orElse(null);
        if (prefix != null && (prefix.isEmpty() || prefix.length() > MAX_PREFIX)) {
            throw S3ControlError.invalidRequest(path + ".ManifestPrefix must be 1 to " + MAX_PREFIX
                    + " characters long, got " + prefix.length());
        }
        ManifestGeneratorSpec.Encryption encryption = optional(location, "ManifestEncryption")
                .map(e -> encryptionOf(e, path + ".ManifestEncryption")).orElse(null);
        return new ManifestGeneratorSpec.OutputLocation(bucketArn, bucket, owner, prefix, encryption, format);
    }

    private static ManifestGeneratorSpec.Encryption encryptionOf(Element encryption, String path) {
        List<Element> kinds = children(encryption);
        if (kinds.size() != 1) {
            throw S3ControlError.invalidRequest(path + " must name one of SSE-S3 and SSE-KMS, found " + kinds.size());
        }
        Element kind = kinds.get(0);
        return switch (localName(kind)) {
            case "SSE-S3" -> new ManifestGeneratorSpec.Encryption(null);
            case "SSE-KMS" -> {
                String keyId = requiredText(kind, "KeyId", path + ".SSE-KMS.KeyId");
                if (keyId.length() > MAX_KMS_KEY_ID) {
                    throw S3ControlError.invalidRequest(path + ".SSE-KMS.KeyId must be at most " + MAX_KMS_KEY_ID
                            + " characters long");
                }
                yield new ManifestGeneratorSpec.Encryption(keyId);
            }
            default -> throw S3ControlError.invalidRequest(path + " must be SSE-S3 or SSE-KMS, got " + localName(kind));
        };
    }

    private static GeneratorFilter filterOf(Element filter) {
        String path = PATH + ".Filter";
        Boolean eligible = optionalBoolean(filter, "EligibleForReplication", path + ".EligibleForReplication")
                .orElse(null);
        if (Boolean.TRUE.equals(eligible)) {
            throw S3ControlError.invalidRequest(path + ".EligibleForReplication=true is not emulated: the emulator does"
                    + " not read replication configurations");
        }
        if (optional(filter, "MatchAnyObjectEncryption").isPresent()) {
            throw S3ControlError.invalidRequest(path + ".MatchAnyObjectEncryption is not emulated");
        }
        Instant after = timestamp(filter, "CreatedAfter", path + ".CreatedAfter");
        Instant before = timestamp(filter, "CreatedBefore", path + ".CreatedBefore");
        List<String> statuses = enumList(filter, "ObjectReplicationStatuses", REPLICATION_STATUSES,
                path + ".ObjectReplicationStatuses");
        List<String> storageClasses = enumList(filter, "MatchAnyStorageClass", STORAGE_CLASSES,
                path + ".MatchAnyStorageClass");
        Long greater = optionalLong(filter, "ObjectSizeGreaterThanBytes", path + ".ObjectSizeGreaterThanBytes")
                .orElse(null);
        Long less = optionalLong(filter, "ObjectSizeLessThanBytes", path + ".ObjectSizeLessThanBytes").orElse(null);
        Optional<Element> keyNames = optional(filter, "KeyNameConstraint");
        String keyPath = path + ".KeyNameConstraint";
        return new GeneratorFilter(eligible, after, before, statuses,
                keyNames.map(k -> keyConstraint(k, "MatchAnyPrefix", keyPath)).orElse(List.of()),
                keyNames.map(k -> keyConstraint(k, "MatchAnySuffix", keyPath)).orElse(List.of()),
                keyNames.map(k -> keyConstraint(k, "MatchAnySubstring", keyPath)).orElse(List.of()),
                greater, less, storageClasses);
    }

    /** One KeyNameConstraint list: when given, exactly one string of 1 to 1,024 characters. */
    private static List<String> keyConstraint(Element keyNames, String name, String parentPath) {
        String path = parentPath + "." + name;
        return optional(keyNames, name).map(list -> {
            List<String> values = untrimmedMembers(list);
            if (values.size() != 1) {
                throw S3ControlError.invalidRequest(path + " accepts exactly one string, got " + values.size());
            }
            String value = values.get(0);
            if (value.isEmpty() || value.length() > MAX_KEY_CONSTRAINT) {
                throw S3ControlError.invalidRequest(path + " must be 1 to " + MAX_KEY_CONSTRAINT
                        + " characters long, got " + value.length());
            }
            return values;
        }).orElse(List.of());
    }

    private static List<String> enumList(Element parent, String name, Set<String> allowed, String path) {
        List<String> values = optional(parent, name).map(RequestXml::members).orElse(List.of());
        for (String value : values) {
            if (!allowed.contains(value)) {
                throw S3ControlError.invalidRequest(path + " has '" + value + "', which is not one of "
                        + allowed.stream().sorted().toList());
            }
        }
        return values;
    }

    /** A REST-XML timestamp: ISO 8601 ({@code 2026-01-31T12:00:00Z}, with or without fractions or an offset). */
    private static Instant timestamp(Element parent, String name, String path) {
        return optionalText(parent, name).map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw S3ControlError.invalidRequest(path + " must be an ISO 8601 date-time, got '" + text + "'");
            }
        }).orElse(null);
    }

    /**
     * The bucket an S3 bucket ARN names. The model allows any {@code arn:<partition>:s3:...}; the emulator
     * resolves only bucket ARNs ({@code arn:<partition>:s3:::bucket}), not access points.
     */
    static String bucketOf(String arn, String path) {
        if (arn.length() > MAX_BUCKET_ARN || !S3_ARN.matcher(arn).matches()) {
            throw S3ControlError.invalidRequest(path + " must be an S3 bucket ARN of at most " + MAX_BUCKET_ARN
                    + " characters matching arn:[^:]+:s3:.*, got '" + arn + "'");
        }
        int bucketStart = arn.indexOf(":s3:::");
        String bucket = bucketStart < 0 ? "" : arn.substring(bucketStart + ":s3:::".length());
        if (bucket.isEmpty() || bucket.contains("/") || bucket.contains(":")) {
            throw S3ControlError.invalidRequest(path + " must name a bucket (arn:aws:s3:::bucket); the emulator does"
                    + " not resolve other S3 ARNs, got '" + arn + "'");
        }
        return bucket;
    }
}
