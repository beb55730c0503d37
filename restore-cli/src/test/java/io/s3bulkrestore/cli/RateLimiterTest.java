package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.RateLimiter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    private static final long TENTH_OF_A_SECOND = 100_000_000L;

    /** A fake clock that only moves when the limiter sleeps, and the sleeps it was asked for. */
    private final AtomicLong now = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();

    private RateLimiter limiter(int perSecond) {
        return new RateLimiter(perSecond, now::get, nanos -> {
            sleeps.add(nanos);
            now.addAndGet(nanos);
        });
    }

    @Test
    void shouldNeverLetMoreThanTheLimitThroughInOneSecond() {
        // Given a fake clock that only moves when the limiter sleeps
        RateLimiter limiter = limiter(1000);

        // When 3,000 calls go through
        for (int i = 0; i < 3000; i++) {
            limiter.acquire();
        }

        // Then they took at least 2.999 s of (fake) time: 1,000 per second at most
        assertThat(now.get()).isGreaterThanOrEqualTo(2_999_000_000L);
    }

    @Test
    void shouldSpaceCallsEvenlyInsteadOfLettingABurstThrough() {
        RateLimiter limiter = limiter(10);

        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }

        assertThat(sleeps).containsExactly(TENTH_OF_A_SECOND, TENTH_OF_A_SECOND, TENTH_OF_A_SECOND);
    }

    @Test
    void shouldNotSaveUpTheSlotsOfAnIdleTimeForALaterBurst() {
        // Given a limiter that was used, then idle for ten seconds
        RateLimiter limiter = limiter(10);
        limiter.acquire();
        limiter.acquire();
        now.addAndGet(10_000_000_000L);
        sleeps.clear();

        // When three calls come at once
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }

        // Then the first goes at once and the others still wait their turn
        assertThat(sleeps).containsExactly(TENTH_OF_A_SECOND, TENTH_OF_A_SECOND);
    }

    @Test
    void shouldRefuseALimitAboveWhatS3AllowsOrBelowOne() {
        assertThatThrownBy(() -> RateLimiter.perSecond(1001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requests per second must be 1..1000, was 1001");
        assertThatThrownBy(() -> RateLimiter.perSecond(0)).hasMessage("requests per second must be 1..1000, was 0");
    }
}
