package io.s3bulkrestore.copy;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How long a copy may still run before its caller must stop: the copy worker's Lambda time left (its
 * {@code Context.getRemainingTimeInMillis()}) less what the worker keeps to record the result and hand the task on.
 * A copier reads it before each piece of work it starts, so a copy too large for one invocation stops between
 * pieces instead of being cut off by the function's timeout. Time is only read from here, never from a clock, so
 * tests drive it by hand.
 */
@FunctionalInterface
public interface TimeLeft {

    /** Milliseconds left; {@link Long#MAX_VALUE} for no limit, 0 or less when the time is up. */
    long millis();

    /** No limit: for callers without a deadline (tools, tests, benchmarks). */
    static TimeLeft unlimited() {
        return () -> Long.MAX_VALUE;
    }

    /**
     * The time {@code remainingMillis} reports, less {@code reserve}.
     *
     * @param remainingMillis milliseconds before the caller's own deadline (Lambda's time left)
     * @param reserve         what the caller needs after the copy returns
     */
    static TimeLeft of(LongSupplier remainingMillis, Duration reserve) {
        Objects.requireNonNull(remainingMillis, "remainingMillis");
        long reserved = reserve.toMillis();
        if (reserved < 0) {
            throw new IllegalArgumentException("reserve cannot be negative: " + reserve);
        }
        return () -> {
            long left = remainingMillis.getAsLong();
            return left == Long.MAX_VALUE ? left : left - reserved;
        };
    }
}
