package io.s3bulkrestore.sandbox.batch;

import java.util.Objects;

/**
 * CreateJob's {@code ManifestGenerator} ({@code S3JobManifestGenerator}): the job lists a source bucket, keeps
 * the objects its filter matches, and, when {@code EnableManifestOutput} is true, writes that list as a manifest.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_S3JobManifestGenerator.html
 *
 * @param sourceBucketArn     as sent ({@code arn:aws:s3:::bucket})
 * @param expectedBucketOwner the account that must own the source bucket, or null
 * @param output              where the generated manifest goes; null when the request named none
 */
record ManifestGeneratorSpec(
        String sourceBucketArn,
        String sourceBucket,
        String expectedBucketOwner,
        boolean enableManifestOutput,
        OutputLocation output,
        GeneratorFilter filter) implements JobSpec.TaskSource {

    static final String GENERATED_FORMAT = "S3InventoryReport_CSV_20211130";

    ManifestGeneratorSpec {
        Objects.requireNonNull(sourceBucketArn, "sourceBucketArn");
        Objects.requireNonNull(sourceBucket, "sourceBucket");
        Objects.requireNonNull(filter, "filter");
    }

    /** Whether the job writes its generated manifest (it needs a location to). */
    boolean writesManifest() {
        return enableManifestOutput && output != null;
    }

    /**
     * {@code S3ManifestOutputLocation}: https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_S3ManifestOutputLocation.html
     *
     * @param prefix     ManifestPrefix, or null
     * @param encryption ManifestEncryption, or null
     */
    record OutputLocation(String bucketArn, String bucket, String expectedBucketOwner, String prefix,
                          Encryption encryption, String format) {
    }

    /**
     * {@code GeneratedManifestEncryption}: SSE-S3, or SSE-KMS with a key.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GeneratedManifestEncryption.html
     *
     * @param kmsKeyId the SSE-KMS KeyId; null for SSE-S3
     */
    record Encryption(String kmsKeyId) {

        boolean isKms() {
            return kmsKeyId != null;
        }
    }
}
