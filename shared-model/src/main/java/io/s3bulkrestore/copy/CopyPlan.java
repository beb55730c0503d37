package io.s3bulkrestore.copy;

import java.time.Duration;

/**
 * Whether a job's copies can be made before its restored copies expire. The worst case is every restore completing
 * at once (Batch Operations' restores of a Glacier job often do): the copy backlog is then the whole job, worked at
 * the stack's copy rate, and the last object must be copied before its restored copy expires, {@code
 * expiration_days} after it was restored. The plan asks for twice the backlog's time, rounded up to whole days.
 *
 * @param copiesPerSecond the copy rate the stack plans with: CopyConcurrency invocations, each copying
 *                        {@link #PER_INVOCATION_PER_SECOND} small objects a second (ten side by side, S3 answering a
 *                        CopyObject in well under a second); an estimate on the safe side for objects up to some MiB
 */
public record CopyPlan(double copiesPerSecond) {

    /** Copies a second one copy worker invocation makes, planning on the safe side. */
    public static final double PER_INVOCATION_PER_SECOND = 20;
    /** The margin on the backlog's time. */
    static final double MARGIN = 2;

    public CopyPlan {
        if (!(copiesPerSecond > 0)) {
            throw new IllegalArgumentException("copiesPerSecond must be positive, got " + copiesPerSecond);
        }
    }

    /** The plan of a stack whose copy worker runs {@code concurrency} invocations at once. */
    public static CopyPlan ofConcurrency(int concurrency) {
        return new CopyPlan(concurrency * PER_INVOCATION_PER_SECOND);
    }

    /** How long copying {@code objects} takes at the plan's rate. */
    public Duration backlog(long objects) {
        return Duration.ofMillis((long) Math.ceil(objects / copiesPerSecond * 1000));
    }

    /** The fewest whole days a restored copy must stay for {@code objects} to be copied with the margin. */
    public int minimumExpirationDays(long objects) {
        double days = backlog(objects).toMillis() * MARGIN / Duration.ofDays(1).toMillis();
        return (int) Math.max(1, Math.ceil(days));
    }
}
