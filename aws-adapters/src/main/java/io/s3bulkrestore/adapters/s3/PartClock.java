package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.TimeLeft;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether another part of a multipart copy may start: the time left covers the margin, or one and a half times the
 * slowest part so far. Durations are falls of the time left, so no clock is read.
 */
final class PartClock {
    private final TimeLeft timeLeft;
    private final long marginMillis;
    private final AtomicLong slowestMillis = new AtomicLong();

    PartClock(TimeLeft timeLeft, Duration margin) {
        this.timeLeft = timeLeft;
        this.marginMillis = margin.toMillis();
    }

    boolean allowsAnother() {
        long slowest = slowestMillis.get();
        return timeLeft.millis() >= Math.max(marginMillis, slowest + slowest / 2);
    }

    long leftMillis() {
        return timeLeft.millis();
    }

    void took(long startedWithMillis) {
        long left = timeLeft.millis();
        if (startedWithMillis != Long.MAX_VALUE && left != Long.MAX_VALUE) {
            slowestMillis.accumulateAndGet(startedWithMillis - left, Math::max);
        }
    }
}
