package io.s3bulkrestore.sandbox;

import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One test's objects in a bucket, all under its prefix, and the CSV manifests that name them: what a job test puts
 * in S3 before it creates its job. Intelligent-Tiering objects take their archive tier from the sandbox's tag
 * ({@link IntelligentTieringTiers}), moto having no tiers.
 */
final class ArchivedObjects {

    private final S3Client s3;
    private final String bucket;
    private final String manifestBucket;
    private final String prefix;

    ArchivedObjects(S3Client s3, String bucket, String manifestBucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.manifestBucket = manifestBucket;
        this.prefix = prefix;
    }

    String bucket() {
        return bucket;
    }

    String manifestBucket() {
        return manifestBucket;
    }

    /** What every key of this test starts with (it ends with '/'). */
    String prefix() {
        return prefix;
    }

    /** Puts {@code prefix() + name} in {@code storageClass}, {@code bytes} long; its key. */
    String put(String name, StorageClass storageClass, int bytes) {
        return put(name, storageClass, null, bytes);
    }

    /**
     * Puts {@code prefix() + name} in {@code storageClass}, {@code bytes} long, and for an Intelligent-Tiering one in
     * the archive {@code tier} (none: a frequent tier); its key.
     */
    String put(String name, StorageClass storageClass, AccessTier tier, int bytes) {
        String key = prefix + name;
        s3.putObject(b -> b.bucket(bucket).key(key).storageClass(storageClass)
                .tagging(tier == null ? null : IntelligentTieringTiers.tagging(tier)),
                RequestBody.fromString("x".repeat(bytes)));
        return key;
    }

    /** Moves an Intelligent-Tiering object to the archive {@code tier}, as {@link IntelligentTieringTiers} does. */
    void putInArchiveTier(String key, AccessTier tier) {
        IntelligentTieringTiers.putInArchiveTier(s3, bucket, key, tier);
    }

    /**
     * A Batch Operations CSV manifest of {@code keys} in this bucket, keys URL-encoded as S3 writes them ('/' kept,
     * a space as %20), at {@code prefix() + "manifest.csv"} in the manifest bucket; its key.
     */
    String manifest(List<String> keys) {
        StringBuilder csv = new StringBuilder();
        keys.forEach(key -> csv.append(bucket).append(',').append(URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/")).append('\n'));
        String key = prefix + "manifest.csv";
        s3.putObject(b -> b.bucket(manifestBucket).key(key), RequestBody.fromString(csv.toString()));
        return key;
    }

    /** Whether S3 has had a restore request for the object (under way or done). */
    boolean restoreRequested(String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key)).restore() != null;
    }
}
