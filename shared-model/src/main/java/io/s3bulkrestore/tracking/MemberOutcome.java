package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;
import java.util.Optional;

/** How an object's membership in a job stands, with the error code of a failed one (for reports). */
public record MemberOutcome(ObjectId object, Membership.Settlement settlement, Optional<String> errorCode) {

    public MemberOutcome {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(errorCode, "errorCode");
    }
}
