package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest line's request to make its object a member of a job.
 *
 * @param jobCreatedAt when the job was created: a restore that completed before it counts for the job only while
 *                     it was still readable at registration (see {@link RestoreFact#countsFor})
 * @param copies       whether the job copies its objects once restored
 */
public record MembershipClaim(ObjectId object, Origin origin, Optional<Instant> jobCreatedAt, boolean copies) {

    public MembershipClaim {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(jobCreatedAt, "jobCreatedAt");
    }

    /** A claim of a job that does not copy. */
    public MembershipClaim(ObjectId object, Origin origin, Optional<Instant> jobCreatedAt) {
        this(object, origin, jobCreatedAt, false);
    }

    /** A claim of a job whose creation time is not given: any restore of the object counts for it. */
    public MembershipClaim(ObjectId object, Origin origin) {
        this(object, origin, Optional.empty(), false);
    }
}
