package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * How an object's membership in a job stands, with the error code of a failed one (for reports).
 *
 * @param restoredBeforeJob a credited object whose restore happened before the job was created (it was already
 *                          restored, and still readable, when the job registered it)
 * @param copies            whether the job copies its objects once restored
 * @param copy              how the copy ended, once recorded (only ever for a job that copies)
 */
public record MemberOutcome(ObjectId object, Membership.Settlement settlement, Optional<String> errorCode,
                            boolean restoredBeforeJob, boolean copies, Optional<CopyResult> copy) {

    public MemberOutcome {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(copy, "copy");
        if (restoredBeforeJob && settlement != Membership.Settlement.CREDITED) {
            throw new IllegalArgumentException("only a credited object was restored before its job");
        }
    }

    public MemberOutcome(ObjectId object, Membership.Settlement settlement, Optional<String> errorCode) {
        this(object, settlement, errorCode, false);
    }

    /** The outcome of a membership in a job that does not copy. */
    public MemberOutcome(ObjectId object, Membership.Settlement settlement, Optional<String> errorCode,
                         boolean restoredBeforeJob) {
        this(object, settlement, errorCode, restoredBeforeJob, false, Optional.empty());
    }

    /** Restored for a job that copies, and its copy not yet recorded: the copy worker's work. */
    public boolean awaitsCopy() {
        return copies && settlement == Membership.Settlement.CREDITED && copy.isEmpty();
    }

    /** The recorded copy result, counted only while the object counts restored for the job. */
    public Optional<CopyResult> countedCopy() {
        return settlement == Membership.Settlement.CREDITED ? copy : Optional.empty();
    }
}
