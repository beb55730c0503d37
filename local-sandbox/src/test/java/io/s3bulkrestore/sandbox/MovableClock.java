package io.s3bulkrestore.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/** The functions' clock in a sandbox test: the system's, which a test moves ahead for a while to reach a quote's expiry. */
final class MovableClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    /**
     * Runs {@code what} with the clock {@code by} ahead, then puts it back: the other tests' restores are timed by
     * moto and the emulator on the real clock, not by this one.
     */
    <T> T whileAhead(Duration by, Callable<T> what) throws Exception {
        ahead = ahead.plus(by);
        try {
            return what.call();
        } finally {
            ahead = ahead.minus(by);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }
}
