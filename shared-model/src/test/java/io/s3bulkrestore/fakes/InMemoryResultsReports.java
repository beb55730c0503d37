package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.ports.ResultsReports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Results reports kept in memory, by job. */
public final class InMemoryResultsReports implements ResultsReports {

    private final Map<JobId, List<ReportRow>> reports = new HashMap<>();

    @Override
    public synchronized String write(JobId job, Iterator<ReportRow> rows) {
        List<ReportRow> written = new ArrayList<>();
        rows.forEachRemaining(written::add);
        reports.put(job, written);
        return "s3://reports/results/" + job.value() + ".csv";
    }

    public synchronized List<ReportRow> report(JobId job) {
        return reports.getOrDefault(job, List.of());
    }
}
