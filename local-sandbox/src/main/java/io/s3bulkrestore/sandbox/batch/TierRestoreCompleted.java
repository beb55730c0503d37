package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Objects;

/**
 * An Intelligent-Tiering object brought back from an archive access tier: what S3 would announce in its
 * {@code s3:ObjectRestore:Completed} event (no expiry: the object stays in Frequent Access).
 *
 * @param object      the object, with the version the task named (null when it named none)
 * @param size        its size in bytes
 * @param eTag        its ETag, without quotes
 * @param completedAt when the restore completed, by the emulator's clock
 */
public record TierRestoreCompleted(ObjectId object, long size, String eTag, Instant completedAt) {

    /** The source storage class S3 names in the event. */
    public static final String SOURCE_STORAGE_CLASS = "INTELLIGENT_TIERING";

    public TierRestoreCompleted {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(eTag, "eTag");
        Objects.requireNonNull(completedAt, "completedAt");
    }
}
