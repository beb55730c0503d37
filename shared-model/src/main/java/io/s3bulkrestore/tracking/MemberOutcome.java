package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * How an object's membership in a job stands, with the error code of a failed one (for reports).
 *
 * @param restoredBeforeJob a credited object whose restore happened before the job was created (it was already
 *                          restored, and still readable, when the job registered it)
 */
public record MemberOutcome(ObjectId object, Membership.Settlement settlement, Optional<String> errorCode,
                            boolean restoredBeforeJob) {

    public MemberOutcome {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(errorCode, "errorCode");
        if (restoredBeforeJob && settlement != Membership.Settlement.CREDITED) {
            throw new IllegalArgumentException("only a credited object was restored before its job");
        }
    }

    public MemberOutcome(ObjectId object, Membership.Settlement settlement, Optional<String> errorCode) {
        this(object, settlement, errorCode, false);
    }
}
