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

    /**
     * Where a membership stands. It leaves PENDING once and never returns; the one later move is FAILED to
     * CREDITED, because a restore that completed is evidence that wins over a failed task (an overlapping job
     * or a retry restored the object after all).
     */
    public enum Settlement {
        /** Not settled: still counted as pending by the job. */
        PENDING,
        /** Counted once into the job's {@code restored}. */
        CREDITED,
        /** Counted once into the job's {@code failed}, until a restore of the object is seen. */
        FAILED,
        /** Counted once into the job's {@code skipped}: the object was not archived, so nothing was restored. */
        SKIPPED
    }

    public boolean isPending() {
        return settlement == Settlement.PENDING;
    }

    /** Whether a completed restore of the object may still credit it: it is pending, or its task failed. */
    public boolean isCreditable() {
        return settlement == Settlement.PENDING || settlement == Settlement.FAILED;
    }
}
