package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An object's membership in one job, as stored.
 *
 * @param origin       the manifest line that created it
 * @param jobCreatedAt when its job was created (absent on memberships written before it was recorded)
 */
public record Membership(ObjectId object, JobId job, Origin origin, Settlement settlement,
                         Optional<Instant> jobCreatedAt) {

    public Membership {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(jobCreatedAt, "jobCreatedAt");
    }

    public Membership(ObjectId object, JobId job, Origin origin, Settlement settlement) {
        this(object, job, origin, settlement, Optional.empty());
    }

    /**
     * Whether a restore of the object that completed at {@code completedAt} counts for this job: only one that
     * completed after the job was created. An older restore may have expired since (and the object been archived
     * again) without this stack hearing of it, so it is left to reconciliation, which asks S3 whether the object
     * is restored now.
     */
    public boolean countsRestoreCompletedAt(Instant completedAt) {
        return jobCreatedAt.map(created -> !completedAt.isBefore(created)).orElse(true);
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
