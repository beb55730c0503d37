package io.s3bulkrestore.copy;

import io.s3bulkrestore.model.BucketNames;
import io.s3bulkrestore.model.CreateJobRequestParser;
import io.s3bulkrestore.model.DestinationKeys;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.TargetStorageClass;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Copy one restored object version somewhere permanent.
 *
 * @param source              the restored object, its version pinned: the copy reads exactly that version even if a
 *                            newer one is written meanwhile ({@code "null"} names the version of an object written
 *                            while its bucket had no versioning)
 * @param destinationBucket   where the copy goes (may be the source bucket, even the same key: a copy in place that
 *                            only changes the storage class)
 * @param destinationKey      the copy's key (see {@link DestinationKeys})
 * @param storageClass        the copy's storage class
 * @param keepMetadataAndTags true: the copy gets the source's user metadata ({@code x-amz-meta-*}) and tags; false:
 *                            neither. The content headers (Content-Type, -Encoding, -Language, -Disposition,
 *                            Cache-Control, Expires) are always kept: without them the copy would not be served as
 *                            the source is
 * @param kmsKeyId            encrypt the copy with SSE-KMS under this key (id, ARN or alias); null: the destination
 *                            bucket's default encryption
 */
public record CopyRequest(ObjectId source, String destinationBucket, String destinationKey,
                          TargetStorageClass storageClass, boolean keepMetadataAndTags, String kmsKeyId) {

    public static final String SOURCE_VERSION = "source.version_id";
    public static final String DESTINATION_BUCKET = "destination_bucket";
    public static final String DESTINATION_KEY = "destination_key";
    public static final String STORAGE_CLASS = "storage_class";
    public static final String KMS_KEY_ID = "kms_key_id";

    /** S3's longest object key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = CreateJobRequestParser.MAX_KEY_BYTES;

    public CopyRequest {
        Objects.requireNonNull(source, "source");
        if (source.versionId() == null) {
            throw ServiceException.invalid(SOURCE_VERSION, SOURCE_VERSION + " is required: a copy reads one pinned "
                    + "version (\"null\" for an object written while its bucket had no versioning)");
        }
        if (destinationBucket == null || destinationBucket.isEmpty()) {
            throw ServiceException.invalid(DESTINATION_BUCKET, DESTINATION_BUCKET + " is required");
        }
        String bucket = destinationBucket;
        BucketNames.problemWith(bucket).ifPresent(problem -> {
            throw ServiceException.invalid(DESTINATION_BUCKET, DESTINATION_BUCKET + " '" + bucket
                    + "' is not a valid S3 bucket name: it " + problem);
        });
        if (destinationKey == null || destinationKey.isEmpty()) {
            throw ServiceException.invalid(DESTINATION_KEY, DESTINATION_KEY + " must not be empty");
        }
        if (destinationKey.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ServiceException.invalid(DESTINATION_KEY, DESTINATION_KEY + " must be at most " + MAX_KEY_BYTES
                    + " bytes in UTF-8");
        }
        if (storageClass == null) {
            throw ServiceException.invalid(STORAGE_CLASS, STORAGE_CLASS + " is required, one of "
                    + TargetStorageClass.allowed());
        }
        if (kmsKeyId != null && (kmsKeyId.isBlank() || kmsKeyId.chars().anyMatch(Character::isWhitespace))) {
            throw ServiceException.invalid(KMS_KEY_ID, KMS_KEY_ID + " must be a KMS key id, ARN or alias without "
                    + "spaces, or absent for the destination bucket's default encryption");
        }
    }

    /** The copy of {@code source} at {@code destinationBucket}, under the key {@code keys} gives it. */
    public static Optional<CopyRequest> of(ObjectId source, String destinationBucket, DestinationKeys keys,
                                           TargetStorageClass storageClass, boolean keepMetadataAndTags,
                                           String kmsKeyId) {
        return keys.destinationKeyOf(source.key()).map(key ->
                new CopyRequest(source, destinationBucket, key, storageClass, keepMetadataAndTags, kmsKeyId));
    }

    public Optional<String> kmsKey() {
        return Optional.ofNullable(kmsKeyId);
    }

    /** A copy onto the source's own key (a storage class change in place). */
    public boolean inPlace() {
        return destinationBucket.equals(source.bucket()) && destinationKey.equals(source.key());
    }
}
