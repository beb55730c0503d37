package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;

/** A manifest line's request to make its object a member of a job. */
public record MembershipClaim(ObjectId object, Origin origin) {

    public MembershipClaim {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(origin, "origin");
    }
}
