package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where restore progress is recorded (DESIGN §3): one {@link ObjectRecord} per object version, and each job's
 * chunk summaries.
 *
 * <p>Every write changes one object record and is idempotent: registration never overwrites a membership, a
 * restore is kept only if it is newer, a membership is settled only while pending. The store serialises the
 * writes to one record, so there is no handshake between registration and a restore: whichever comes second
 * finds the first, and what an object counts for a job is derived from its record ({@link ObjectRecord#outcome}).
 * A job's counts come from the records' changes ({@link io.s3bulkrestore.tally.TallyChanges}).
 *
 * <p>Implementations fail with {@code ServiceException(UPSTREAM_FAILED)} when the store cannot be reached; a
 * write that failed that way may or may not have been applied, and is safe to repeat.
 */
public interface RestoreLedger {

    /**
     * Records each completed restore on its object's record, unless the record holds a newer one. One write per
     * object; duplicates and reordering change nothing.
     */
    void recordRestores(Map<ObjectId, RestoreFact> restores);

    /** The records of these objects, read strongly consistently; objects never written are absent. */
    Map<ObjectId, ObjectRecord> records(Collection<ObjectId> objects);

    /**
     * Makes each claimed object a pending member of the job, unless it already is one; an existing membership is
     * never overwritten. The records are kept at least until {@code keepUntil} (the store's TTL). Returns one
     * registration per claim, in the claims' order. Two claims for the same object in one call are registered one
     * after the other: the second finds the first.
     */
    List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt, Instant keepUntil);

    /**
     * Settles the pending memberships of these objects in the job as failed with an error code; settled ones are
     * left alone. Returns how many this call settled.
     */
    int markFailed(JobId job, Collection<ObjectId> objects, String errorCode);

    /**
     * Settles the pending memberships of these objects in the job as skipped (not archived: nothing to restore)
     * with the code that said so; settled ones are left alone. Returns how many this call settled.
     */
    int markSkipped(JobId job, Collection<ObjectId> objects, String code);

    /**
     * Records how the copy of a restored object ended for a job that copies: on the object's membership, unless a
     * result is there already (the first one stands, so a repeated copy task changes nothing). Returns whether this
     * call recorded it; false also when the object is not a member of the job.
     */
    boolean recordCopy(JobId job, ObjectId object, CopyResult result);

    /** Writes the chunk's summary, kept until {@code keepUntil}, unless one exists. Returns whether this call wrote it. */
    boolean recordChunkSummary(JobId job, ChunkSummary summary, Instant keepUntil);
}
