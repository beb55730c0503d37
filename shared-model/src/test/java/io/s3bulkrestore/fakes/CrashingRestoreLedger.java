package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.RestoreFact;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreLedger;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    public void recordRestores(Map<ObjectId, RestoreFact> restores) {
        int crashAt = crashPoint(restores.size());
        if (crashAt < 0) {
            delegate.recordRestores(restores);
            return;
        }
        Map<ObjectId, RestoreFact> prefix = new LinkedHashMap<>();
        restores.entrySet().stream().limit(crashAt).forEach(e -> prefix.put(e.getKey(), e.getValue()));
        delegate.recordRestores(prefix);
        throw new InjectedCrash("recordRestores");
    }

    @Override
    public Map<ObjectId, ObjectRecord> records(Collection<ObjectId> objects) {
        return delegate.records(objects);
    }

    @Override
    public List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt, Instant keepUntil) {
        int crashAt = crashPoint(claims.size());
        if (crashAt < 0) {
            return delegate.register(job, claims, registeredAt, keepUntil);
        }
        delegate.register(job, claims.subList(0, crashAt), registeredAt, keepUntil);
        throw new InjectedCrash("register");
    }

    @Override
    public int markFailed(JobId job, Collection<ObjectId> objects, String errorCode) {
        int crashAt = crashPoint(objects.size());
        if (crashAt < 0) {
            return delegate.markFailed(job, objects, errorCode);
        }
        delegate.markFailed(job, List.copyOf(objects).subList(0, crashAt), errorCode);
        throw new InjectedCrash("markFailed");
    }

    @Override
    public int markSkipped(JobId job, Collection<ObjectId> objects, String code) {
        int crashAt = crashPoint(objects.size());
        if (crashAt < 0) {
            return delegate.markSkipped(job, objects, code);
        }
        delegate.markSkipped(job, List.copyOf(objects).subList(0, crashAt), code);
        throw new InjectedCrash("markSkipped");
    }

    @Override
    public boolean recordCopy(JobId job, ObjectId object, CopyResult result) {
        int crashAt = crashPoint(1);
        if (crashAt == 0) {
            throw new InjectedCrash("before recordCopy");
        }
        boolean recorded = delegate.recordCopy(job, object, result);
        if (crashAt > 0) {
            throw new InjectedCrash("after recordCopy");
        }
        return recorded;
    }

    @Override
    public boolean recordChunkSummary(JobId job, ChunkSummary summary, Instant keepUntil) {
        int crashAt = crashPoint(1);
        if (crashAt == 0) {
            throw new InjectedCrash("before recordChunkSummary");
        }
        boolean written = delegate.recordChunkSummary(job, summary, keepUntil);
        if (crashAt > 0) {
            throw new InjectedCrash("recordChunkSummary");
        }
        return written;
    }
}
