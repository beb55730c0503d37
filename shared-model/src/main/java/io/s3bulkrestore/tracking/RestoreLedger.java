package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where restore progress is recorded: what S3 said about each object, which jobs each object belongs
 * to, and each job's restored / failed counters and chunk summaries.
 *
 * <p>Each method is one step of the crediting handshake (DESIGN §3), so that a crash between two steps
 * leaves a state from which replaying the whole step sequence is safe. Every write is either an
 * idempotent fact or conditional; none can count an object twice. The use cases
 * ({@link RecordRestoreEvents}, {@link RegisterManifestObjects}, {@link MarkTasksFailed}) order the
 * steps; callers outside this package should use those, not the steps.
 *
 * <p>Implementations fail with {@code ServiceException(UPSTREAM_FAILED)} when the store cannot be
 * reached; a step that failed that way may or may not have been applied, and is safe to repeat.
 */
public interface RestoreLedger {

    /**
     * Records each event as a fact about its object (restored at / initiated at / expired at). Per
     * object and kind the latest instant wins, so duplicates and reordering change nothing.
     */
    void recordFacts(Collection<RestoreEvent> events);

    /**
     * Every job membership of each object, read strongly consistently (a membership registered before
     * this call started is seen). Objects in no job map to an empty list.
     */
    Map<ObjectId, List<Membership>> membershipsOf(Collection<ObjectId> objects);

    /**
     * Makes each claimed object a pending member of the job, unless it already is one; an existing
     * membership is never overwritten (whatever its origin or settlement). Returns one registration
     * per claim, in the claims' order. Two claims for the same object in one call are registered one
     * after the other: the second finds the first.
     */
    List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt);

    /** What S3 told us about each object, read strongly consistently; objects never heard of are absent. */
    Map<ObjectId, ObjectState> statesOf(Collection<ObjectId> objects);

    /**
     * Credits the job's memberships of these objects that are pending or failed, and moves exactly their
     * number into the job's {@code restored} counter, atomically: a pending one adds one to {@code restored}, a
     * failed one also takes one from {@code failed} (a completed restore wins over a failed task). Objects
     * that are not members, or are credited or skipped already, are left alone. Returns how many this call
     * credited.
     */
    int credit(JobId job, Collection<ObjectId> objects, Instant creditedAt);

    /**
     * Settles the pending memberships of these objects as failed with an error code and counts them into
     * the job's {@code failed} counter; settled ones are left alone. Returns how many this call settled.
     */
    int markFailed(JobId job, Collection<ObjectId> objects, String errorCode, Instant failedAt);

    /**
     * Settles the pending memberships of these objects as skipped (not archived: nothing to restore) with
     * the code that said so, and counts them into the job's {@code skipped} counter; settled ones are left
     * alone. Returns how many this call settled.
     */
    int markSkipped(JobId job, Collection<ObjectId> objects, String code, Instant skippedAt);

    /** Writes the chunk's summary unless one exists. Returns whether this call wrote it. */
    boolean recordChunkSummary(JobId job, ChunkSummary summary);

    /**
     * One page of the job's pending objects (for reconciliation and reports), at most {@code limit}.
     * This read is eventually consistent: a membership settled moments ago may still be listed, so
     * callers settle listed objects through {@link #credit} / {@link #markFailed}, which re-check.
     */
    PendingPage pendingObjects(JobId job, Optional<String> pageToken, int limit);

    /**
     * One page of every object that is a member of the job, settled or not, in a stable order (for the
     * results report and for expiring a finished job's memberships). Eventually consistent: a membership
     * registered moments ago may be missing; callers use it once the job has finished.
     */
    PendingPage memberObjects(JobId job, Optional<String> pageToken, int limit);

    /**
     * How each object's membership in the job stands, read strongly consistently; objects that are not
     * members are absent.
     */
    Map<ObjectId, MemberOutcome> outcomesOf(JobId job, Collection<ObjectId> objects);

    /**
     * Lets the store delete these memberships of the job after {@code expiresAt} (TTL). Objects that are not
     * members are skipped; nothing else about a membership changes.
     */
    void expireMemberships(JobId job, Collection<ObjectId> objects, Instant expiresAt);
}
