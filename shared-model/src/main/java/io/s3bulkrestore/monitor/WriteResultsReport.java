package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.ports.ResultsReports;
import io.s3bulkrestore.tracking.JobObjects;
import io.s3bulkrestore.tracking.MemberOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Phase: writes a finished job's results report (DESIGN §4: restored / failed with error / missing, as CSV) to
 * the report bucket, one multipart-upload part at a time while the budget allows, each step recorded
 * conditionally ({@link ReportProgress}), so a tick that stops anywhere leaves a state from which the next tick
 * redoes at most one part. The report's tally is the counts the terminal notification carries.
 */
final class WriteResultsReport {

    private static final Logger LOG = LoggerFactory.getLogger(WriteResultsReport.class);

    /** Members read per ledger page while filling a report part. */
    static final int REPORT_PAGE = 1_000;
    /** A guess at a report row's size, to size the pages read for a part. */
    static final int ROW_BYTES_GUESS = 64;

    private final MonitoredJobStore jobs;
    private final ResultsReports results;
    private final JobObjects objects;
    private final int partBytes;

    /** @param partBytes rows are added to a part until it holds this many bytes ({@link MonitorJobs.Settings}) */
    WriteResultsReport(MonitoredJobStore jobs, ResultsReports results, JobObjects objects, int partBytes) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.results = Objects.requireNonNull(results, "results");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.partBytes = partBytes;
    }

    /**
     * Writes parts from where {@code report} stands, at least one, more while the budget allows, until the report
     * is complete. Returns where it stands then: complete, or to go on next tick.
     */
    ReportProgress write(Job job, ReportProgress report, TickBudget budget) {
        while (!report.isComplete()) {
            ReportProgress before = report;
            report = writeOnePart(job, report);
            if (report.equals(before) || (!report.isComplete() && !budget.allowsAnotherStep())) {
                return report;
            }
        }
        return report;
    }

    /**
     * Writes the next part of the job's results report: pages of its memberships (every object of the job,
     * restored, failed or still pending) until the part holds {@link #partBytes} bytes or the memberships end;
     * completes the upload after the last part.
     */
    private ReportProgress writeOnePart(Job job, ReportProgress report) {
        JobId id = job.id();
        if (report.uploadId().isEmpty()) {
            String uploadId = results.start(id);
            ReportProgress started = ReportProgress.started(uploadId);
            if (!jobs.recordReportProgress(id, report, started)) {
                results.abort(id, uploadId); // another tick started one first
                return report;
            }
            report = started;
        }
        if (report.allPartsWritten()) {
            return completeUpload(id, report); // a tick stopped after the last part, or after completing
        }
        String uploadId = report.uploadId().get();
        Optional<CopySpec> copy = job.request().copyValue();
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        if (report.nextPart() == 1) {
            part.writeBytes(ReportCsv.header(copy.isPresent()).getBytes(StandardCharsets.UTF_8));
        }
        Optional<String> cursor = report.cursor();
        boolean last = false;
        int rows = 0;
        ReportTally tally = ReportTally.NONE;
        do { // at least one page a part: an empty cursor after a part must mean "no more", never "not begun"
            // read about as many rows as the part still has room for (rows average ~64 bytes), so it
            // overshoots its size by little
            long room = Math.max(0, partBytes - part.size());
            int limit = (int) Math.max(1, Math.min(REPORT_PAGE, room / ROW_BYTES_GUESS + 1));
            JobObjects.Page page = objects.page(job, cursor, limit);
            for (MemberOutcome outcome : page.outcomes()) {
                ReportRow row = row(outcome, copy);
                part.writeBytes(ReportCsv.line(row).getBytes(StandardCharsets.UTF_8));
                tally = tally.with(row.kind(), outcome.countedCopy());
                rows++;
            }
            cursor = page.nextPageToken();
            if (cursor.isEmpty()) {
                last = true;
                break;
            }
        } while (part.size() < partBytes);
        if (part.size() > 0 || report.nextPart() == 1) {
            results.writePart(id, uploadId, report.nextPart(), part.toByteArray()); // (an empty last page: no part)
        }
        // Recorded before the upload is completed: the tally must be that of the parts S3 holds, so a tick that
        // stops after completing finds every part written and only completes again (which is idempotent).
        ReportProgress next = report.partWritten(cursor, tally);
        boolean recorded = jobs.recordReportProgress(id, report, next);
        LOG.info("Results report of job {}: part {} with {} rows{}", id, report.nextPart(), rows,
                last ? ", the last" : "");
        if (!recorded) {
            return report;
        }
        return last ? completeUpload(id, next) : next;
    }

    /** Completes the upload whose every part is written, and records its URI. */
    private ReportProgress completeUpload(JobId id, ReportProgress written) {
        ReportProgress completed = written.completed(results.complete(id, written.uploadId().orElseThrow()));
        return jobs.recordReportProgress(id, written, completed) ? completed : written;
    }

    private static ReportRow row(MemberOutcome outcome, Optional<CopySpec> copy) {
        ReportRow row = row(outcome);
        return copy.isEmpty() ? row : row.withCopy(ReportRow.CopyColumns.of(outcome, copy.get()));
    }

    private static ReportRow row(MemberOutcome outcome) {
        return switch (outcome.settlement()) {
            case CREDITED -> new ReportRow(outcome.object(), outcome.restoredBeforeJob()
                    ? ReportRow.Kind.ALREADY_RESTORED : ReportRow.Kind.RESTORED, "");
            case FAILED -> new ReportRow(outcome.object(), ReportRow.Kind.FAILED, outcome.errorCode().orElse(""));
            case SKIPPED -> new ReportRow(outcome.object(), ReportRow.Kind.NOT_ARCHIVED, outcome.errorCode().orElse(""));
            case PENDING -> new ReportRow(outcome.object(), ReportRow.Kind.MISSING, "no restore completion seen");
        };
    }
}
