package io.s3bulkrestore.tally;

/**
 * How much one or more record changes move a job's counters. Each may be negative: a restore that stops
 * counting for a job (a newer restore with an earlier expiry) moves an object back to pending or failed.
 */
public record CountDelta(long registered, long restored, long failed, long skipped, long copied,
                         long copyFailed) {

    public static final CountDelta ZERO = new CountDelta(0, 0, 0, 0);

    /** A delta that moves no copy count. */
    public CountDelta(long registered, long restored, long failed, long skipped) {
        this(registered, restored, failed, skipped, 0, 0);
    }

    public CountDelta plus(CountDelta other) {
        return new CountDelta(registered + other.registered, restored + other.restored, failed + other.failed,
                skipped + other.skipped, copied + other.copied, copyFailed + other.copyFailed);
    }

    public CountDelta negated() {
        return new CountDelta(-registered, -restored, -failed, -skipped, -copied, -copyFailed);
    }

    /** Whether it moves a copy count (only changes of jobs that copy do). */
    public boolean movesCopies() {
        return copied != 0 || copyFailed != 0;
    }

    public boolean isZero() {
        return equals(ZERO);
    }
}
