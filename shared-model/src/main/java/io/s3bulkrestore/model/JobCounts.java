package io.s3bulkrestore.model;

/**
 * How many of a job's objects are settled, and how: restored, failed, or skipped because they were not
 * archived (there was nothing to restore: the object is already readable).
 */
public record JobCounts(long restored, long failed, long skipped) {

    public static final JobCounts NONE = new JobCounts(0, 0, 0);

    public JobCounts {
        if (restored < 0 || failed < 0 || skipped < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + restored + ", " + failed + ", "
                    + skipped);
        }
    }

    /** Restored and failed, none skipped. */
    public JobCounts(long restored, long failed) {
        this(restored, failed, 0);
    }

    /** Objects that need nothing more: restored, failed or skipped. */
    public long finished() {
        return restored + failed + skipped;
    }

    public JobCounts plus(JobCounts other) {
        return new JobCounts(restored + other.restored, failed + other.failed, skipped + other.skipped);
    }
}
