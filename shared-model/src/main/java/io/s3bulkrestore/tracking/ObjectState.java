package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What S3 told us about an object (the latest instant of each kind of event), independent of any job.
 * Absent instants are null.
 */
public record ObjectState(ObjectId object, Instant restoredAt, Instant initiatedAt, Instant expiredAt) {

    public ObjectState {
        Objects.requireNonNull(object, "object");
    }

    /** A restored copy is available: a restore completed and no expiry has been seen after it. */
    public boolean isRestored() {
        return restoredAt != null && (expiredAt == null || expiredAt.isBefore(restoredAt));
    }

    public Optional<Instant> restored() {
        return Optional.ofNullable(restoredAt);
    }

    public Optional<Instant> initiated() {
        return Optional.ofNullable(initiatedAt);
    }

    public Optional<Instant> expired() {
        return Optional.ofNullable(expiredAt);
    }
}
