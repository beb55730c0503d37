package io.s3bulkrestore.monitor;

import java.util.Objects;
import java.util.Optional;

/**
 * How far a finished job's results report is written: a multipart upload written one part per tick.
 *
 * @param uploadId the multipart upload, once started
 * @param nextPart the number of the next part to upload (1-based)
 * @param cursor   where the next part's rows start in the job's memberships (empty: from the first)
 * @param uri      the report, once the upload is complete
 * @param tally    the rows of each kind in the parts written so far
 */
public record ReportProgress(Optional<String> uploadId, int nextPart, Optional<String> cursor, Optional<String> uri,
                             ReportTally tally) {

    public static final ReportProgress NOT_STARTED = new ReportProgress(Optional.empty(), 1, Optional.empty(),
            Optional.empty(), ReportTally.NONE);

    /** No rows counted yet. */
    public ReportProgress(Optional<String> uploadId, int nextPart, Optional<String> cursor, Optional<String> uri) {
        this(uploadId, nextPart, cursor, uri, ReportTally.NONE);
    }

    public ReportProgress {
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(tally, "tally");
        if (nextPart < 1 || nextPart > 10_000) {
            throw new IllegalArgumentException("S3 part numbers are 1 to 10,000, got " + nextPart);
        }
    }

    public static ReportProgress started(String uploadId) {
        return new ReportProgress(Optional.of(uploadId), 1, Optional.empty(), Optional.empty());
    }

    public ReportProgress partWritten(Optional<String> nextCursor) {
        return partWritten(nextCursor, ReportTally.NONE);
    }

    /** After a part with {@code rows} more rows, the next starting at {@code nextCursor}. */
    public ReportProgress partWritten(Optional<String> nextCursor, ReportTally rows) {
        return new ReportProgress(uploadId, nextPart + 1, nextCursor, uri, tally.plus(rows));
    }

    public ReportProgress completed(String reportUri) {
        return new ReportProgress(uploadId, nextPart, Optional.empty(), Optional.of(reportUri), tally);
    }

    /**
     * Every row is in a part (the last part ended the job's objects: no cursor after it), and the upload is not
     * yet recorded as complete.
     */
    public boolean allPartsWritten() {
        return uploadId.isPresent() && nextPart > 1 && cursor.isEmpty() && uri.isEmpty();
    }

    public boolean isComplete() {
        return uri.isPresent();
    }
}
