package io.s3bulkrestore.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/** A validated request to restore every object a manifest lists. */
public record CreateJobRequest(
        String manifestBucket,
        String manifestKey,
        RestoreTier tier,
        Integer expirationDays,
        StorageFamily storage,
        ManifestFormat manifestFormat,
        String clientTag) {

    public CreateJobRequest {
        Objects.requireNonNull(manifestBucket, "manifestBucket");
        Objects.requireNonNull(manifestKey, "manifestKey");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(manifestFormat, "manifestFormat");
        if (storage.takesExpirationDays() != (expirationDays != null)) {
            throw new IllegalArgumentException("expirationDays must be set exactly for Glacier storage");
        }
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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
