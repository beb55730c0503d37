package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing S3 told us about one object's restore. Events arrive at least once and in any order; every
 * use of them must tolerate duplicates and reordering.
 *
 * @param object         the object the event names, its key taken exactly as written
 * @param eventTime      when S3 says it happened (the event's own time, not when we received it)
 * @param decodedVariant null, or the object the key would name had it reached us form-encoded: an envelope
 *                       whose key encoding is not certain offers it, and it is credited only when it, not
 *                       {@code object}, is the one a job tracks (see {@link RecordRestoreEvents})
 * @param restoreExpiresAt null, or when a completed restore's copy expires, as the event says
 * @param sourceStorageClass null, or the storage class the object was restored from, as the event says
 */
public record RestoreEvent(Kind kind, ObjectId object, Instant eventTime, ObjectId decodedVariant,
                           Instant restoreExpiresAt, String sourceStorageClass) {

    public RestoreEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(eventTime, "eventTime");
        if (object.equals(decodedVariant)) {
            decodedVariant = null; // decoding changed nothing: there is only one candidate
        }
    }

    /** An event about exactly this object. */
    public RestoreEvent(Kind kind, ObjectId object, Instant eventTime) {
        this(kind, object, eventTime, null);
    }

    /** An event that says nothing of the restore's expiry or source class. */
    public RestoreEvent(Kind kind, ObjectId object, Instant eventTime, ObjectId decodedVariant) {
        this(kind, object, eventTime, decodedVariant, null, null);
    }

    /** The completed restore this event reports, as it is recorded on the object. */
    public RestoreFact fact() {
        return new RestoreFact(eventTime, Optional.ofNullable(restoreExpiresAt), Optional.ofNullable(sourceStorageClass));
    }

    /** The same event with the restore's expiry and source class. */
    public RestoreEvent withRestore(Instant expiresAt, String storageClass) {
        return new RestoreEvent(kind, object, eventTime, decodedVariant, expiresAt, storageClass);
    }

    public Optional<ObjectId> variant() {
        return Optional.ofNullable(decodedVariant);
    }

    /** The same event about {@code other}, with no variant: what is recorded once the tracked object is known. */
    public RestoreEvent about(ObjectId other) {
        return new RestoreEvent(kind, other, eventTime, null, restoreExpiresAt, sourceStorageClass);
    }

    public enum Kind {
        /** A restore was initiated: {@code s3:ObjectRestore:Post}, EventBridge "Object Restore Initiated". */
        INITIATED("s3:ObjectRestore:Post", "Object Restore Initiated"),
        /** The restored copy is readable: {@code s3:ObjectRestore:Completed}, "Object Restore Completed". */
        COMPLETED("s3:ObjectRestore:Completed", "Object Restore Completed"),
        /** The restored copy expired: {@code s3:ObjectRestore:Delete}, "Object Restore Expired". */
        EXPIRED("s3:ObjectRestore:Delete", "Object Restore Expired");

        private final String notificationName;
        private final String eventBridgeDetailType;

        Kind(String notificationName, String eventBridgeDetailType) {
            this.notificationName = notificationName;
            this.eventBridgeDetailType = eventBridgeDetailType;
        }

        /** The {@code eventName} of an S3 notification record ({@code s3:} prefix optional). */
        public String notificationName() {
            return notificationName;
        }

        /** The {@code detail-type} of the EventBridge event. */
        public String eventBridgeDetailType() {
            return eventBridgeDetailType;
        }

        /**
         * The kind named by an S3 notification {@code eventName} (with or without the {@code s3:} prefix)
         * or an EventBridge {@code detail-type}; empty for anything else (for example {@code s3:TestEvent}).
         */
        public static Optional<Kind> fromName(String name) {
            if (name == null) {
                return Optional.empty();
            }
            for (Kind kind : values()) {
                if (kind.notificationName.equals(name) || kind.notificationName.substring(3).equals(name)
                        || kind.eventBridgeDetailType.equals(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public static RestoreEvent completed(ObjectId object, Instant at) {
        return new RestoreEvent(Kind.COMPLETED, object, at);
    }

    public static RestoreEvent initiated(ObjectId object, Instant at) {
        return new RestoreEvent(Kind.INITIATED, object, at);
    }

    public static RestoreEvent expired(ObjectId object, Instant at) {
        return new RestoreEvent(Kind.EXPIRED, object, at);
    }
}
