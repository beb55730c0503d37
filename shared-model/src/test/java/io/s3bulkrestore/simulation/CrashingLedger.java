package io.s3bulkrestore.simulation;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectState;
import io.s3bulkrestore.tracking.PendingPage;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreLedger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ledger as the functions see it: every write may kill the running function (see {@link FaultPlan}). */
final class CrashingLedger implements RestoreLedger {

    private final RestoreLedger delegate;
    private final FaultPlan plan;

    CrashingLedger(RestoreLedger delegate, FaultPlan plan) {
        this.delegate = delegate;
        this.plan = plan;
    }

    @Override
    public void recordFacts(Collection<RestoreEvent> events) {
        plan.write("ledger.recordFacts(" + events.size() + " events)", () -> delegate.recordFacts(events));
    }

    @Override
    public Map<ObjectId, List<Membership>> membershipsOf(Collection<ObjectId> objects) {
        return plan.read("ledger.membershipsOf", () -> delegate.membershipsOf(objects));
    }

    @Override
    public List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt) {
        return plan.write("ledger.register(" + job + ", " + claims.size() + ")",
                () -> delegate.register(job, claims, registeredAt));
    }

    @Override
    public Map<ObjectId, ObjectState> statesOf(Collection<ObjectId> objects) {
        return plan.read("ledger.statesOf", () -> delegate.statesOf(objects));
    }

    @Override
    public int credit(JobId job, Collection<ObjectId> objects, Instant creditedAt) {
        return plan.write("ledger.credit(" + job + ", " + objects.size() + ")",
                () -> delegate.credit(job, objects, creditedAt));
    }

    @Override
    public int markFailed(JobId job, Collection<ObjectId> objects, String errorCode, Instant failedAt) {
        return plan.write("ledger.markFailed(" + job + ", " + objects.size() + " " + errorCode + ")",
                () -> delegate.markFailed(job, objects, errorCode, failedAt));
    }

    @Override
    public int markSkipped(JobId job, Collection<ObjectId> objects, String code, Instant skippedAt) {
        return plan.write("ledger.markSkipped(" + job + ", " + objects.size() + " " + code + ")",
                () -> delegate.markSkipped(job, objects, code, skippedAt));
    }

    @Override
    public boolean recordChunkSummary(JobId job, ChunkSummary summary) {
        return plan.write("ledger.recordChunkSummary(" + job + ", chunk " + summary.chunk() + ")",
                () -> delegate.recordChunkSummary(job, summary));
    }

    @Override
    public PendingPage pendingObjects(JobId job, Optional<String> pageToken, int limit) {
        return plan.read("ledger.pendingObjects", () -> delegate.pendingObjects(job, pageToken, limit));
    }

    @Override
    public PendingPage memberObjects(JobId job, Optional<String> pageToken, int limit) {
        return plan.read("ledger.memberObjects", () -> delegate.memberObjects(job, pageToken, limit));
    }

    @Override
    public Map<ObjectId, MemberOutcome> outcomesOf(JobId job, Collection<ObjectId> objects) {
        return plan.read("ledger.outcomesOf", () -> delegate.outcomesOf(job, objects));
    }

    @Override
    public void expireMemberships(JobId job, Collection<ObjectId> objects, Instant expiresAt) {
        plan.write("ledger.expireMemberships(" + job + ")", () -> delegate.expireMemberships(job, objects, expiresAt));
    }
}
