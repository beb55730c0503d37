package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.tracking.CopyResult;

import java.util.Optional;

/**
 * How many rows of each kind a results report holds. The terminal notification and the finished job show
 * these numbers, so that the message, the report and {@code GET /jobs/{id}} agree, whatever restores complete
 * while the report is being written.
 */
public record ReportTally(long restored, long failed, long skipped, long missing, long copied, long copyFailed) {

    public static final ReportTally NONE = new ReportTally(0, 0, 0, 0);

    public ReportTally {
        if (restored < 0 || failed < 0 || skipped < 0 || missing < 0 || copied < 0 || copyFailed < 0) {
            throw new IllegalArgumentException("row counts cannot be negative");
        }
    }

    /** The rows of a job that does not copy. */
    public ReportTally(long restored, long failed, long skipped, long missing) {
        this(restored, failed, skipped, missing, 0, 0);
    }

    public ReportTally plus(ReportTally other) {
        return new ReportTally(restored + other.restored, failed + other.failed, skipped + other.skipped,
                missing + other.missing, copied + other.copied, copyFailed + other.copyFailed);
    }

    /** Every row: the job's objects. */
    public long total() {
        return restored + failed + skipped + missing;
    }

    public JobCounts counts() {
        return new JobCounts(restored, failed, skipped, copied, copyFailed);
    }

    /** One more row of the given kind. */
    ReportTally with(ReportRow.Kind kind) {
        return switch (kind) {
            case RESTORED, ALREADY_RESTORED -> new ReportTally(restored + 1, failed, skipped, missing, copied,
                    copyFailed);
            case FAILED -> new ReportTally(restored, failed + 1, skipped, missing, copied, copyFailed);
            case NOT_ARCHIVED -> new ReportTally(restored, failed, skipped + 1, missing, copied, copyFailed);
            case MISSING -> new ReportTally(restored, failed, skipped, missing + 1, copied, copyFailed);
        };
    }

    /** One more row of the given kind whose copy ended as {@code copy} (a restored row of a job that copies). */
    ReportTally with(ReportRow.Kind kind, Optional<CopyResult> copy) {
        ReportTally row = with(kind);
        if (copy.isEmpty() || !kind.isRestored()) {
            return row;
        }
        return copy.get().isCopied()
                ? new ReportTally(row.restored, row.failed, row.skipped, row.missing, row.copied + 1, row.copyFailed)
                : new ReportTally(row.restored, row.failed, row.skipped, row.missing, row.copied, row.copyFailed + 1);
    }
}
