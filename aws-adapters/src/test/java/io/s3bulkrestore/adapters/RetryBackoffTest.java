package io.s3bulkrestore.adapters;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    /** A generator that always draws its bound's top, so the ceiling itself is seen. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void shouldDoubleTheCeilingEachAttemptUpToTheMax() {
        assertThat(backoff.delayBefore(2, HIGHEST)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayBefore(3, HIGHEST)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayBefore(4, HIGHEST)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delayBefore(5, HIGHEST)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.delayBefore(6, HIGHEST)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayBefore(60, HIGHEST)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldDrawEveryWaitBetweenZeroAndTheCeilingSoThatClientsDoNotRetryInStep() {
        var random = new SplittableRandom(7);
        var waits = new java.util.HashSet<Duration>();
        for (int i = 0; i < 200; i++) {
            Duration wait = backoff.delayBefore(4, random);
            assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(400));
            waits.add(wait);
        }
        assertThat(waits).hasSizeGreaterThan(50);
    }

    @Test
    void shouldNotWaitWithAZeroBase() {
        assertThat(new RetryBackoff(Duration.ZERO, Duration.ZERO).delayBefore(5, HIGHEST)).isZero();
    }

    @Test
    void shouldRefuseAMaxBelowTheBase() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base <= max");
    }
}
