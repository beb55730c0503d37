package io.s3bulkrestore.model;

/** How many of a job's objects are restored and how many failed. */
public record JobCounts(long restored, long failed) {

    public static final JobCounts NONE = new JobCounts(0, 0);

    public JobCounts {
        if (restored < 0 || failed < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + restored + ", " + failed);
        }
    }

    public long finished() {
        return restored + failed;
    }

    public JobCounts plus(JobCounts other) {
        return new JobCounts(restored + other.restored, failed + other.failed);
    }
}
