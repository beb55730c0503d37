package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobCounts;

/**
 * How many rows of each kind a results report holds. The terminal notification and the finished job show
 * these numbers, so that the message, the report and {@code GET /jobs/{id}} agree, whatever restores complete
 * while the report is being written.
 */
public record ReportTally(long restored, long failed, long skipped, long missing) {

    public static final ReportTally NONE = new ReportTally(0, 0, 0, 0);

    public ReportTally {
        if (restored < 0 || failed < 0 || skipped < 0 || missing < 0) {
            throw new IllegalArgumentException("row counts cannot be negative");
        }
    }

    public ReportTally plus(ReportTally other) {
        return new ReportTally(restored + other.restored, failed + other.failed, skipped + other.skipped,
                missing + other.missing);
    }

    /** Every row: the job's objects. */
    public long total() {
        return restored + failed + skipped + missing;
    }

    public JobCounts counts() {
        return new JobCounts(restored, failed, skipped);
    }

    /** One more row of the given kind. */
    ReportTally with(ReportRow.Kind kind) {
        return switch (kind) {
            case RESTORED, ALREADY_RESTORED -> new ReportTally(restored + 1, failed, skipped, missing);
            case FAILED -> new ReportTally(restored, failed + 1, skipped, missing);
            case NOT_ARCHIVED -> new ReportTally(restored, failed, skipped + 1, missing);
            case MISSING -> new ReportTally(restored, failed, skipped, missing + 1);
        };
    }
}
