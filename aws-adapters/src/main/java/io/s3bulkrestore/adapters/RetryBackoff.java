package io.s3bulkrestore.adapters;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How long every adapter waits before trying a request again (S3 copies, DynamoDB transaction conflicts and
 * unprocessed keys, SQS batch entries): exponential backoff with full jitter, a random time in
 * [0, min(max, base x 2^(attempt-2))] before attempt {@code attempt} (2, 3, ...), so that clients slowed down
 * together do not come back in step. AWS recommends this for throttling and conflicts ("Retry behavior",
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html; S3's 503 SlowDown,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html). What is worth another
 * attempt, and how many, stays with each adapter: only the wait is shared.
 *
 * @param base the ceiling of the wait before the second attempt
 * @param max  the ceiling of any wait
 */
public record RetryBackoff(Duration base, Duration max) {

    public RetryBackoff {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff must be 0 <= base <= max, got " + base + " and " + max);
        }
    }

    /** The wait before attempt {@code attempt} (the first retry is attempt 2), drawn from {@code random}. */
    public Duration delayBefore(int attempt, RandomGenerator random) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(Math.max(attempt - 2, 0), 30));
        return Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
    }

    /**
     * Sleeps before attempt {@code attempt}.
     *
     * @throws IllegalStateException naming {@code what} if the thread is interrupted (its flag is set again)
     */
    public void sleepBefore(int attempt, String what) {
        try {
            Thread.sleep(delayBefore(attempt, ThreadLocalRandom.current()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry " + what, e);
        }
    }
}
