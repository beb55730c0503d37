package io.s3bulkrestore.simulation;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreFact;
import io.s3bulkrestore.tracking.RestoreLedger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The ledger as the functions see it: every write may kill the running function (see {@link FaultPlan}). */
final class CrashingLedger implements RestoreLedger {

    private final RestoreLedger delegate;
    private final FaultPlan plan;

    CrashingLedger(RestoreLedger delegate, FaultPlan plan) {
        this.delegate = delegate;
        this.plan = plan;
    }

    @Override
    public void recordRestores(Map<ObjectId, RestoreFact> restores) {
        plan.write("ledger.recordRestores(" + restores.size() + " objects)", () -> delegate.recordRestores(restores));
    }

    @Override
    public Map<ObjectId, ObjectRecord> records(Collection<ObjectId> objects) {
        return plan.read("ledger.records", () -> delegate.records(objects));
    }

    @Override
    public List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt, Instant keepUntil) {
        return plan.write("ledger.register(" + job + ", " + claims.size() + ")",
                () -> delegate.register(job, claims, registeredAt, keepUntil));
    }

    @Override
    public int markFailed(JobId job, Collection<ObjectId> objects, String errorCode) {
        return plan.write("ledger.markFailed(" + job + ", " + objects.size() + " " + errorCode + ")",
                () -> delegate.markFailed(job, objects, errorCode));
    }

    @Override
    public int markSkipped(JobId job, Collection<ObjectId> objects, String code) {
        return plan.write("ledger.markSkipped(" + job + ", " + objects.size() + " " + code + ")",
                () -> delegate.markSkipped(job, objects, code));
    }

    @Override
    public boolean recordCopy(JobId job, ObjectId object, CopyResult result) {
        return plan.write("ledger.recordCopy(" + job + ", " + object + ")",
                () -> delegate.recordCopy(job, object, result));
    }

    @Override
    public boolean recordChunkSummary(JobId job, ChunkSummary summary, Instant keepUntil) {
        return plan.write("ledger.recordChunkSummary(" + job + ", chunk " + summary.chunk() + ")",
                () -> delegate.recordChunkSummary(job, summary, keepUntil));
    }
}
