package io.s3bulkrestore.adapters.s3;

import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Tries an S3 request again on a retryable failure, at most {@code maxAttempts} times in all, waiting a random time
 * in [0, min(max, base × 2^(attempt-1))] between attempts: exponential backoff with full jitter, so that many copiers
 * slowed down by the same {@code SlowDown} do not come back in step. S3 asks for exactly this on 503 SlowDown
 * ("Best practices design patterns: optimizing Amazon S3 performance",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html). The SDK client's own retries
 * (3 attempts in its standard mode) run inside each attempt.
 */
final class Backoff {

    /** Waits; a test records instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration base;
    private final Duration max;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    Backoff(int maxAttempts, Duration base, Duration max, Sleeper sleeper, RandomGenerator random) {
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.max = max;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The request's result, or the {@link CopyFailure} of its last attempt. */
    <T> T call(Supplier<T> request) {
        return call(request, Optional::empty);
    }

    /**
     * As {@link #call(Supplier)}, but before sending a write again asks {@code settledMeanwhile} whether the failed
     * attempt (or someone else) has done the work after all: a write whose answer was lost may have been carried out.
     */
    <T> T call(Supplier<T> request, Supplier<Optional<T>> settledMeanwhile) {
        for (int attempt = 1; ; attempt++) {
            CopyFailure failure;
            try {
                return request.get();
            } catch (SdkException e) {
                failure = S3CopyErrors.classify(e);
            }
            if (!failure.retryable() || attempt >= maxAttempts) {
                throw failure;
            }
            try {
                sleeper.sleep(delayBefore(attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
            Optional<T> settled = settledMeanwhile.get();
            if (settled.isPresent()) {
                return settled.get();
            }
        }
    }

    Duration delayBefore(int attempt) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 2, 30));
        return Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
