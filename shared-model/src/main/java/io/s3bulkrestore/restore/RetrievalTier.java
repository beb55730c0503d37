package io.s3bulkrestore.restore;

/**
 * The retrieval tiers RestoreObject accepts. Unlike {@link io.s3bulkrestore.model.RestoreTier} (what
 * Batch Operations jobs accept) this includes Expedited, which a direct restore may use except on
 * Deep Archive.
 */
public enum RetrievalTier {
    EXPEDITED,
    STANDARD,
    BULK;

    /** The spelling S3 expects in GlacierJobParameters.Tier. */
    public String s3Name() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
