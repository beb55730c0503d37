package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An object's membership in one job, as stored on the object's record (one attribute per job).
 *
 * @param origin       the manifest line that created it
 * @param settlement   what the job's completion report said of the object's task: {@code PENDING} until it
 *                     said failed or not archived ({@code CREDITED} is never stored: it is derived from the
 *                     object's restore, see {@link ObjectRecord#outcome})
 * @param code         the error code of a failed or skipped task
 * @param jobCreatedAt when its job was created (absent on memberships written before it was recorded)
 * @param registeredAt when the job registered the object
 */
public record Membership(ObjectId object, JobId job, Origin origin, Settlement settlement, Optional<String> code,
                         Optional<Instant> jobCreatedAt, Instant registeredAt) {

    public Membership {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(jobCreatedAt, "jobCreatedAt");
        Objects.requireNonNull(registeredAt, "registeredAt");
        if (settlement == Settlement.CREDITED) {
            throw new IllegalArgumentException("a restore is derived from the object's restore fact, never stored");
        }
    }

    /** A new, pending membership. */
    public static Membership pending(ObjectId object, JobId job, Origin origin, Optional<Instant> jobCreatedAt,
                                     Instant registeredAt) {
        return new Membership(object, job, origin, Settlement.PENDING, Optional.empty(), jobCreatedAt, registeredAt);
    }

    /** The same membership settled by its task's outcome. */
    public Membership settled(Settlement to, String withCode) {
        return new Membership(object, job, origin, to, Optional.of(withCode), jobCreatedAt, registeredAt);
    }

    /**
     * Where a membership stands for its job. PENDING, FAILED and SKIPPED are stored; CREDITED is what any of them
     * becomes while the object holds a restore that counts for the job: a completed restore is evidence that wins
     * over a failed task (an overlapping job or a retry restored the object after all).
     */
    public enum Settlement {
        /** Not settled: still counted as pending by the job. */
        PENDING,
        /** Restored: the object holds a restore that counts for the job. */
        CREDITED,
        /** Its task failed for a real reason, and no restore counts for the job. */
        FAILED,
        /** The object was not archived, so nothing was restored. */
        SKIPPED
    }

    public boolean isPending() {
        return settlement == Settlement.PENDING;
    }
}
