package io.s3bulkrestore.model;

import java.time.Duration;

/**
 * Which archive the job's objects live in. It decides whether a restore carries a number of days
 * (Glacier classes make a temporary copy; Intelligent-Tiering moves the object back to a frequent tier)
 * and how long AWS may take.
 */
public enum StorageFamily {
    GLACIER,
    INTELLIGENT_TIERING;

    public boolean takesExpirationDays() {
        return this == GLACIER;
    }

    /**
     * The slowest documented completion time for a tier in this family. Glacier Flexible Retrieval:
     * Standard 3-5 h, Bulk 5-12 h; Deep Archive: Standard within 12 h, Bulk within 48 h. The same
     * bounds apply to the Intelligent-Tiering archive access tiers. A job may mix Flexible Retrieval
     * and Deep Archive objects, so the deadline uses the Deep Archive bound.
     */
    public Duration slowestRestore(RestoreTier tier) {
        return switch (tier) {
            case STANDARD -> Duration.ofHours(12);
            case BULK -> Duration.ofHours(48);
        };
    }
}
