package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sandbox's stand-in for S3 Intelligent-Tiering access tiers, which moto does not model: an
 * {@code INTELLIGENT_TIERING} object is in an archive access tier when it carries the object tag
 * {@value #TAG_KEY} with the value {@code ARCHIVE_ACCESS} or {@code DEEP_ARCHIVE_ACCESS}; without that tag it is
 * in a tier that needs no restore (Frequent, Infrequent or Archive Instant Access). The Batch Operations emulator
 * reads the tag when moto refuses a restore ({@link RestoreInitiator}) and removes it when the restore completes
 * ({@link RestoreCompleter}), as S3 moves the object back to Frequent Access.
 *
 * <p>Create an archived object in one call with {@link #tagging(AccessTier)}:
 * <pre>{@code
 * s3.putObject(b -> b.bucket(bucket).key(key).storageClass(StorageClass.INTELLIGENT_TIERING)
 *         .tagging(IntelligentTieringTiers.tagging(AccessTier.DEEP_ARCHIVE_ACCESS)), body);
 * }</pre>
 * or move an existing one with {@link #putInArchiveTier}.
 */
public final class IntelligentTieringTiers {

    /** The object tag that holds an Intelligent-Tiering object's archive tier in the sandbox. */
    public static final String TAG_KEY = "sandbox-access-tier";

    /** The two Intelligent-Tiering tiers a restore brings an object back from. */
    public enum AccessTier {
        ARCHIVE_ACCESS,
        DEEP_ARCHIVE_ACCESS
    }

    private IntelligentTieringTiers() {
    }

    /** The value of PutObject's {@code x-amz-tagging} header that puts the new object in {@code tier}. */
    public static String tagging(AccessTier tier) {
        return TAG_KEY + "=" + tier.name();
    }

    /**
     * Puts an existing object (its current version) in an archive tier, keeping its other tags.
     *
     * @throws IllegalArgumentException if the object is not of the INTELLIGENT_TIERING storage class
     */
    public static void putInArchiveTier(S3Client s3, String bucket, String key, AccessTier tier) {
        StorageClass storageClass = s3.headObject(b -> b.bucket(bucket).key(key)).storageClass();
        if (storageClass != StorageClass.INTELLIGENT_TIERING) {
            // HeadObject names no class for STANDARD objects.
            throw new IllegalArgumentException("s3://" + bucket + "/" + key + " is "
                    + (storageClass == null ? StorageClass.STANDARD : storageClass)
                    + ", not INTELLIGENT_TIERING: it has no access tiers");
        }
        List<Tag> tags = otherTags(s3, ObjectId.of(bucket, key));
        tags.add(Tag.builder().key(TAG_KEY).value(tier.name()).build());
        s3.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(t -> t.tagSet(tags)));
    }

    /** The archive tier the object (the version it names, if any) is in; empty for an active tier. */
    static Optional<AccessTier> archiveTierOf(S3Client s3, ObjectId object) {
        return s3.getObjectTagging(b -> b.bucket(object.bucket()).key(object.key()).versionId(object.versionId()))
                .tagSet().stream()
                .filter(tag -> TAG_KEY.equals(tag.key()))
                .map(Tag::value)
                .flatMap(value -> {
                    try {
                        return Stream.of(AccessTier.valueOf(value));
                    } catch (IllegalArgumentException notAnArchiveTier) {
                        return Stream.empty();
                    }
                })
                .findFirst();
    }

    /** Moves the object to Frequent Access: its tier tag goes, its other tags stay. */
    static void moveToFrequentAccess(S3Client s3, ObjectId object) {
        List<Tag> rest = otherTags(s3, object);
        if (rest.isEmpty()) {
            s3.deleteObjectTagging(b -> b.bucket(object.bucket()).key(object.key()).versionId(object.versionId()));
        } else {
            s3.putObjectTagging(b -> b.bucket(object.bucket()).key(object.key()).versionId(object.versionId())
                    .tagging(t -> t.tagSet(rest)));
        }
    }

    private static List<Tag> otherTags(S3Client s3, ObjectId object) {
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : s3.getObjectTagging(b -> b.bucket(object.bucket()).key(object.key())
                .versionId(object.versionId())).tagSet()) {
            if (!TAG_KEY.equals(tag.key())) {
                tags.add(tag);
            }
        }
        return tags;
    }
}
