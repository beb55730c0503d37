package io.s3bulkrestore.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated request to restore every object a manifest lists, or every object of a {@link RestoreSource}.
 *
 * @param manifestBucket the manifest's bucket; null for a source job
 * @param manifestKey    the manifest's key; null for a source job
 * @param storage        for a source job, GLACIER when any of its classes restores for a number of days
 * @param manifestFormat for a source job, INVENTORY: Batch Operations writes the objects it selects as an S3
 *                       Inventory report
 * @param source         the bucket and filters of a source job; null for a manifest job
 * @param confirm        whether the job waits for its quote to be confirmed
 * @param copy           where each object is copied once restored; null: restore only
 */
public record CreateJobRequest(
        String manifestBucket,
        String manifestKey,
        RestoreTier tier,
        Integer expirationDays,
        StorageFamily storage,
        ManifestFormat manifestFormat,
        String clientTag,
        RestoreSource source,
        ConfirmMode confirm,
        CopySpec copy) {

    public CreateJobRequest {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(manifestFormat, "manifestFormat");
        Objects.requireNonNull(confirm, "confirm");
        if (source == null) {
            Objects.requireNonNull(manifestBucket, "manifestBucket");
            Objects.requireNonNull(manifestKey, "manifestKey");
        } else if (manifestBucket != null || manifestKey != null) {
            throw new IllegalArgumentException("a source job has no manifest of the user's");
        }
        if (storage.takesExpirationDays() != (expirationDays != null)) {
            throw new IllegalArgumentException("expirationDays must be set exactly for Glacier storage");
        }
    }

    /** A manifest job that starts at once. */
    public CreateJobRequest(String manifestBucket, String manifestKey, RestoreTier tier, Integer expirationDays,
                            StorageFamily storage, ManifestFormat manifestFormat, String clientTag) {
        this(manifestBucket, manifestKey, tier, expirationDays, storage, manifestFormat, clientTag, null,
                ConfirmMode.AUTO, null);
    }

    /** The request without a copy option: restore only. */
    public CreateJobRequest(String manifestBucket, String manifestKey, RestoreTier tier, Integer expirationDays,
                            StorageFamily storage, ManifestFormat manifestFormat, String clientTag,
                            RestoreSource source, ConfirmMode confirm) {
        this(manifestBucket, manifestKey, tier, expirationDays, storage, manifestFormat, clientTag, source, confirm,
                null);
    }

    /** The same request with copies made as objects are restored. */
    public CreateJobRequest withCopy(CopySpec spec) {
        return new CreateJobRequest(manifestBucket, manifestKey, tier, expirationDays, storage, manifestFormat,
                clientTag, source, confirm, spec);
    }

    public Optional<CopySpec> copyValue() {
        return Optional.ofNullable(copy);
    }

    /** A source job. */
    public static CreateJobRequest ofSource(RestoreSource source, RestoreTier tier, Integer expirationDays,
                                            String clientTag, ConfirmMode confirm) {
        StorageFamily storage = source.hasGlacierClasses() ? StorageFamily.GLACIER : StorageFamily.INTELLIGENT_TIERING;
        return new CreateJobRequest(null, null, tier, expirationDays, storage, ManifestFormat.INVENTORY, clientTag,
                source, confirm);
    }

    public Optional<RestoreSource> sourceValue() {
        return Optional.ofNullable(source);
    }

    /** The bucket the job restores objects of, as far as the request says: the source's, else the manifest's. */
    public String bucketToCheck() {
        return source != null ? source.bucket() : manifestBucket;
    }

    public Optional<String> clientTagValue() {
        return Optional.ofNullable(clientTag);
    }

    /**
     * A digest of everything that defines the job, so a retry under the same Idempotency-Key can be
     * told apart from a different request reusing the key.
     */
    public String fingerprint() {
        String canonical = String.join("\n",
                manifestBucket, manifestKey, tier.name(), String.valueOf(expirationDays), storage.name(),
                manifestFormat.name(), String.valueOf(clientTag));
        if (source != null || confirm != ConfirmMode.AUTO) {
            // only then: the fingerprints of manifest jobs recorded before sources existed stay the same
            canonical += "\n" + (source == null ? "" : source.canonical()) + "\n" + confirm.name();
        }
        if (copy != null) {
            canonical += "\ncopy\n" + copy.canonical();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
