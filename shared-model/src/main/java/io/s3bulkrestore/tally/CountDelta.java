package io.s3bulkrestore.tally;

/**
 * How much one or more record changes move a job's counters. Each may be negative: a restore that stops
 * counting for a job (a newer restore with an earlier expiry) moves an object back to pending or failed.
 */
public record CountDelta(long registered, long restored, long failed, long skipped) {

    public static final CountDelta ZERO = new CountDelta(0, 0, 0, 0);

    public CountDelta plus(CountDelta other) {
        return new CountDelta(registered + other.registered, restored + other.restored, failed + other.failed,
                skipped + other.skipped);
    }

    public boolean isZero() {
        return equals(ZERO);
    }
}
