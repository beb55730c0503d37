package io.s3bulkrestore.model;

/**
 * How many of a job's objects are settled, and how: restored, failed, or skipped because they were not
 * archived (there was nothing to restore: the object is already readable). For a job that copies its objects,
 * also how many of the restored ones were copied, and how many copies failed (or found the restored copy
 * expired); both are parts of {@code restored}.
 */
public record JobCounts(long restored, long failed, long skipped, long copied, long copyFailed) {

    public static final JobCounts NONE = new JobCounts(0, 0, 0);

    public JobCounts {
        if (restored < 0 || failed < 0 || skipped < 0 || copied < 0 || copyFailed < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + restored + ", " + failed + ", "
                    + skipped + ", " + copied + ", " + copyFailed);
        }
    }

    /** Counts of a job that does not copy. */
    public JobCounts(long restored, long failed, long skipped) {
        this(restored, failed, skipped, 0, 0);
    }

    /** Restored and failed, none skipped. */
    public JobCounts(long restored, long failed) {
        this(restored, failed, 0);
    }

    /** Objects that need nothing more: restored, failed or skipped. */
    public long finished() {
        return restored + failed + skipped;
    }

    /**
     * Objects that need nothing more in a job that copies: failed, skipped, or restored with their copy made or
     * failed. A restored object whose copy is still to be made is not finished.
     */
    public long finishedWithCopies() {
        return failed + skipped + Math.min(restored, copied + copyFailed);
    }

    /** Objects that need nothing more, for a job that copies ({@code copies}) or not. */
    public long finished(boolean copies) {
        return copies ? finishedWithCopies() : finished();
    }

    public JobCounts plus(JobCounts other) {
        return new JobCounts(restored + other.restored, failed + other.failed, skipped + other.skipped,
                copied + other.copied, copyFailed + other.copyFailed);
    }
}
