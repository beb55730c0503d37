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
 * @param copies       whether the job copies its objects once restored (its {@code copy} option)
 * @param copy         how the copy ended, once the copy worker recorded it
 */
public record Membership(ObjectId object, JobId job, Origin origin, Settlement settlement, Optional<String> code,
                         Optional<Instant> jobCreatedAt, Instant registeredAt, boolean copies,
                         Optional<CopyResult> copy) {

    public Membership {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(jobCreatedAt, "jobCreatedAt");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(copy, "copy");
        if (settlement == Settlement.CREDITED) {
            throw new IllegalArgumentException("a restore is derived from the object's restore fact, never stored");
        }
        if (copy.isPresent() && !copies) {
            throw new IllegalArgumentException("a copy is recorded only for a job that copies");
        }
    }

    /** A membership of a job that does not copy. */
    public Membership(ObjectId object, JobId job, Origin origin, Settlement settlement, Optional<String> code,
                      Optional<Instant> jobCreatedAt, Instant registeredAt) {
        this(object, job, origin, settlement, code, jobCreatedAt, registeredAt, false, Optional.empty());
    }

    /** A new, pending membership. */
    public static Membership pending(ObjectId object, JobId job, Origin origin, Optional<Instant> jobCreatedAt,
                                     Instant registeredAt) {
        return pending(object, job, origin, jobCreatedAt, registeredAt, false);
    }

    /** A new, pending membership of a job that copies its objects ({@code copies}) or not. */
    public static Membership pending(ObjectId object, JobId job, Origin origin, Optional<Instant> jobCreatedAt,
                                     Instant registeredAt, boolean copies) {
        return new Membership(object, job, origin, Settlement.PENDING, Optional.empty(), jobCreatedAt, registeredAt,
                copies, Optional.empty());
    }

    /** The same membership settled by its task's outcome. */
    public Membership settled(Settlement to, String withCode) {
        return new Membership(object, job, origin, to, Optional.of(withCode), jobCreatedAt, registeredAt, copies,
                copy);
    }

    /** The same membership with its copy's result, unless one is recorded (the first result stands). */
    public Membership withCopy(CopyResult result) {
        if (!copies) {
            throw new IllegalStateException("job " + job + " does not copy its objects");
        }
        return copy.isPresent() ? this
                : new Membership(object, job, origin, settlement, code, jobCreatedAt, registeredAt, true,
                Optional.of(result));
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
