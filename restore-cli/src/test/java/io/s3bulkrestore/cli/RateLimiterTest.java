package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.RateLimiter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    @Test
    void shouldNeverLetMoreThanTheLimitThroughInOneSecond() {
        // Given a fake clock that only moves when the limiter sleeps
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1000, now::get, now::addAndGet);

        // When 3,000 calls go through
        for (int i = 0; i < 3000; i++) {
            limiter.acquire();
        }

        // Then they took at least 2.999 s of (fake) time: 1,000 per second at most
        assertThat(now.get()).isGreaterThanOrEqualTo(2_999_000_000L);
    }

    @Test
    void shouldRefuseALimitAboveWhatS3Allows() {
        assertThatThrownBy(() -> RateLimiter.perSecond(1001)).isInstanceOf(IllegalArgumentException.class);
    }
}
