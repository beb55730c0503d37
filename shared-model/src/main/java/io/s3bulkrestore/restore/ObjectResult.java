package io.s3bulkrestore.restore;

import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one object, as reported to the user.
 *
 * @param detail a sentence written by us (never AWS exception text); for failures it carries the S3
 *               error code and request id
 */
public record ObjectResult(ObjectId id, String storageClass, long size, ObjectOutcome outcome,
                           Optional<Instant> restoredUntil, String detail) {

    public ObjectResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        restoredUntil = restoredUntil == null ? Optional.empty() : restoredUntil;
        detail = detail == null ? "" : detail;
    }
}
