package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.monitor.ReportRow;

import java.util.Iterator;

/** Where a finished job's results report (CSV: bucket, key, versionId, outcome, error) is written. */
public interface ResultsReports {

    /**
     * Writes the report from the rows, consuming them once without holding them all; writing it again
     * replaces it. Returns its URI ({@code s3://bucket/key}).
     */
    String write(JobId job, Iterator<ReportRow> rows);
}
