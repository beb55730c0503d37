package io.s3bulkrestore.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A completed restore of one object version, as S3 reported it: when the restored copy became readable, when S3
 * said it expires ({@code restore-expiry-time} of the EventBridge event, {@code lifecycleRestorationExpiryTime} of
 * the S3 notification) and the storage class it was restored from. An Intelligent-Tiering restore has no expiry:
 * the object moves to the Frequent Access tier and may be archived again after it goes unread for the bucket's
 * archive configuration, at the earliest {@link #INTELLIGENT_TIERING_ARCHIVE_AFTER} (AWS S3 User Guide,
 * "Managing storage costs with Amazon S3 Intelligent-Tiering": Archive Access after 90 days at the minimum).
 */
public record RestoreFact(Instant restoredAt, Optional<Instant> expiresAt, Optional<String> storageClass) {

    public static final Duration INTELLIGENT_TIERING_ARCHIVE_AFTER = Duration.ofDays(90);

    public RestoreFact {
        Objects.requireNonNull(restoredAt, "restoredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(storageClass, "storageClass");
    }

    /** A restore whose expiry and class are not known: it counts only for jobs created before it. */
    public static RestoreFact at(Instant restoredAt) {
        return new RestoreFact(restoredAt, Optional.empty(), Optional.empty());
    }

    /**
     * Until when the restored copy is surely readable: its expiry; for an Intelligent-Tiering restore the earliest
     * it can be archived again; when neither is known, the restore instant itself (nothing is assumed).
     */
    public Instant readableUntil() {
        if (expiresAt.isPresent()) {
            return expiresAt.get();
        }
        if (storageClass.map(c -> c.startsWith("INTELLIGENT_TIERING")).orElse(false)) {
            return restoredAt.plus(INTELLIGENT_TIERING_ARCHIVE_AFTER);
        }
        return restoredAt;
    }

    /**
     * Whether this restore counts as the object restored for the job that holds {@code membership}: it completed
     * after the job was created, or it was still readable when the job registered the object (Batch Operations
     * then finds the copy there and S3 sends no new event). An expired restore never counts: the object may be
     * archived again. A membership written before jobs recorded their creation time counts any restore.
     */
    public boolean countsFor(Membership membership) {
        if (membership.jobCreatedAt().isEmpty()) {
            return true;
        }
        return !restoredAt.isBefore(membership.jobCreatedAt().get())
                || readableUntil().isAfter(membership.registeredAt());
    }

    /** Whether this restore is newer than {@code other}: the latest restore of an object is the one kept. */
    public boolean isNewerThan(RestoreFact other) {
        return restoredAt.isAfter(other.restoredAt);
    }
}
