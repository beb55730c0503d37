package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;

/**
 * An object's membership in one job, as stored.
 *
 * @param origin the manifest line that created it
 */
public record Membership(ObjectId object, JobId job, Origin origin, Settlement settlement) {

    public Membership {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(settlement, "settlement");
    }

    /** Where a membership stands. It leaves PENDING once, to exactly one of the others, and never returns. */
    public enum Settlement {
        /** Neither credited nor failed: still counted as pending by the job. */
        PENDING,
        /** Counted once into the job's {@code restored}. */
        CREDITED,
        /** Counted once into the job's {@code failed}. */
        FAILED
    }

    public boolean isPending() {
        return settlement == Settlement.PENDING;
    }
}
