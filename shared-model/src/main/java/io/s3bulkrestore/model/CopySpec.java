package io.s3bulkrestore.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A job's {@code copy} option: where each of its objects is copied as soon as it is restored, so the data outlives
 * the restored copy's expiry.
 *
 * @param destinationBucket   where the copies go; null: each object's own bucket
 * @param keys                how a source key becomes the copy's key (by default the same key)
 * @param storageClass        the copies' storage class
 * @param keepMetadataAndTags whether the copies get the source's user metadata and tags
 * @param kmsKeyId            SSE-KMS key of the copies; null: the destination bucket's default encryption
 */
public record CopySpec(String destinationBucket, DestinationKeys keys, TargetStorageClass storageClass,
                       boolean keepMetadataAndTags, String kmsKeyId) {

    public CopySpec {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(storageClass, "storageClass");
    }

    /** The bucket a copy of {@code object} goes to. */
    public String destinationBucketOf(ObjectId object) {
        return destinationBucket != null ? destinationBucket : object.bucket();
    }

    /** Where the copy of {@code object} goes; empty when the key rule gives it no destination key. */
    public Optional<String> destinationOf(ObjectId object) {
        return keys.destinationKeyOf(object.key()).map(key -> "s3://" + destinationBucketOf(object) + "/" + key);
    }

    public Optional<String> destinationBucketValue() {
        return Optional.ofNullable(destinationBucket);
    }

    /** Every field, one per line: part of a job's fingerprint. */
    String canonical() {
        return String.join("\n", String.valueOf(destinationBucket), keys.sourcePrefix(), keys.destinationPrefix(),
                storageClass.name(), String.valueOf(keepMetadataAndTags), String.valueOf(kmsKeyId));
    }
}
