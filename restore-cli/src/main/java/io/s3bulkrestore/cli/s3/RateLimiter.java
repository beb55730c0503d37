package io.s3bulkrestore.cli.s3;

import java.util.function.LongSupplier;

/**
 * Spaces calls evenly so that no second sees more than {@code perSecond} of them, across all threads.
 * S3 accepts up to 1,000 restore requests per second per account and region; staying under that avoids
 * throttling instead of only recovering from it.
 */
public final class RateLimiter {

    public static final int S3_RESTORE_LIMIT = 1000;

    /** How the limiter waits; tests pass one that only advances a fake clock. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextFree;

    public RateLimiter(int perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (perSecond < 1 || perSecond > S3_RESTORE_LIMIT) {
            throw new IllegalArgumentException("requests per second must be 1.." + S3_RESTORE_LIMIT + ", was " + perSecond);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.nextFree = nanoTime.getAsLong();
    }

    public static RateLimiter perSecond(int perSecond) {
        return new RateLimiter(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Blocks until this caller's slot. */
    public void acquire() {
        long slot;
        long now;
        synchronized (this) {
            now = nanoTime.getAsLong();
            slot = Math.max(now, nextFree);
            nextFree = slot + intervalNanos;
        }
        long wait = slot - now;
        if (wait > 0) {
            try {
                sleeper.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to call S3", e);
            }
        }
    }
}
