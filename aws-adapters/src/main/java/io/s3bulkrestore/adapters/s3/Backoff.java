package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.adapters.RetryBackoff;

import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Tries an S3 request again on a retryable failure ({@link S3CopyErrors}), at most {@code maxAttempts} times in all,
 * waiting as every adapter does ({@link RetryBackoff}: exponential backoff with full jitter, which S3 asks for on 503
 * SlowDown). The SDK client's own retries (3 attempts in its standard mode) run inside each attempt.
 */
final class Backoff {

    /** Waits; a test records instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final RetryBackoff waits;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    Backoff(int maxAttempts, Duration base, Duration max, Sleeper sleeper, RandomGenerator random) {
        this.maxAttempts = maxAttempts;
        this.waits = new RetryBackoff(base, max);
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
        return waits.delayBefore(attempt, random);
    }
}
