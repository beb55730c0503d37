package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Wraps a real ledger and, with a given probability, "crashes" a write step: the step is applied to a
 * prefix of its input (anything from none of it to all of it, as when a Lambda dies between two of the
 * step's requests, or right after the last one), and the caller sees {@link InjectedCrash} instead of
 * its result. Reads never crash. The random source decides which writes crash and where.
 */
public final class CrashingRestoreLedger implements RestoreLedger {

    /** The simulated crash. */
    public static final class InjectedCrash extends RuntimeException {
        public InjectedCrash(String step) {
            super("injected crash after " + step, null, false, false);
        }
    }

    private final RestoreLedger delegate;
    private final RandomGenerator random;
    private final double probability;
    private final AtomicInteger crashes = new AtomicInteger();

    public CrashingRestoreLedger(RestoreLedger delegate, RandomGenerator random, double probability) {
        this.delegate = delegate;
        this.random = random;
        this.probability = probability;
    }

    public int crashes() {
        return crashes.get();
    }

    /** How much of a step of {@code size} inputs to apply before crashing, or -1 for no crash. */
    private int crashPoint(int size) {
        synchronized (random) {
            if (random.nextDouble() >= probability) {
                return -1;
            }
            crashes.incrementAndGet();
            // Mostly after the whole step (the likeliest place to die), sometimes part-way.
            return random.nextBoolean() ? size : random.nextInt(size + 1);
        }
    }

    @Override
    public void recordFacts(Collection<RestoreEvent> events) {
        int crashAt = crashPoint(events.size());
        if (crashAt < 0) {
            delegate.recordFacts(events);
            return;
        }
        delegate.recordFacts(List.copyOf(events).subList(0, crashAt));
        throw new InjectedCrash("recordFacts");
    }

    @Override
    public Map<ObjectId, List<Membership>> membershipsOf(Collection<ObjectId> objects) {
        return delegate.membershipsOf(objects);
    }

    @Override
    public List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt) {
        int crashAt = crashPoint(claims.size());
        if (crashAt < 0) {
            return delegate.register(job, claims, registeredAt);
        }
        delegate.register(job, claims.subList(0, crashAt), registeredAt);
        throw new InjectedCrash("register");
    }

    @Override
    public Map<ObjectId, ObjectState> statesOf(Collection<ObjectId> objects) {
        return delegate.statesOf(objects);
    }

    @Override
    public int credit(JobId job, Collection<ObjectId> objects, Instant creditedAt) {
        int crashAt = crashPoint(objects.size());
        if (crashAt < 0) {
            return delegate.credit(job, objects, creditedAt);
        }
        delegate.credit(job, List.copyOf(objects).subList(0, crashAt), creditedAt);
        throw new InjectedCrash("credit");
    }

    @Override
    public int markFailed(JobId job, Collection<ObjectId> objects, String errorCode, Instant failedAt) {
        int crashAt = crashPoint(objects.size());
        if (crashAt < 0) {
            return delegate.markFailed(job, objects, errorCode, failedAt);
        }
        delegate.markFailed(job, List.copyOf(objects).subList(0, crashAt), errorCode, failedAt);
        throw new InjectedCrash("markFailed");
    }

    @Override
    public int markSkipped(JobId job, Collection<ObjectId> objects, String code, Instant skippedAt) {
        int crashAt = crashPoint(objects.size());
        if (crashAt < 0) {
            return delegate.markSkipped(job, objects, code, skippedAt);
        }
        delegate.markSkipped(job, List.copyOf(objects).subList(0, crashAt), code, skippedAt);
        throw new InjectedCrash("markSkipped");
    }

    @Override
    public boolean recordChunkSummary(JobId job, ChunkSummary summary) {
        int crashAt = crashPoint(1);
        if (crashAt == 0) {
            throw new InjectedCrash("before recordChunkSummary");
        }
        boolean written = delegate.recordChunkSummary(job, summary);
        if (crashAt > 0) {
            throw new InjectedCrash("recordChunkSummary");
        }
        return written;
    }

    @Override
    public PendingPage pendingObjects(JobId job, Optional<String> pageToken, int limit) {
        return delegate.pendingObjects(job, pageToken, limit);
    }

    @Override
    public PendingPage memberObjects(JobId job, Optional<String> pageToken, int limit) {
        return delegate.memberObjects(job, pageToken, limit);
    }

    @Override
    public Map<ObjectId, io.s3bulkrestore.tracking.MemberOutcome> outcomesOf(JobId job, Collection<ObjectId> objects) {
        return delegate.outcomesOf(job, objects);
    }

    @Override
    public void expireMemberships(JobId job, Collection<ObjectId> objects, Instant expiresAt) {
        delegate.expireMemberships(job, objects, expiresAt);
    }
}
