package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.ports.ResultsReports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Results reports kept in memory with S3's multipart rules: parts replace earlier uploads of the same number,
 * every part but the last must hold at least {@code minPartBytes}, completing joins the parts in order,
 * and an aborted upload is gone.
 */
public final class InMemoryResultsReports implements ResultsReports {

    private final int minPartBytes;
    private final Map<String, TreeMap<Integer, byte[]>> uploads = new HashMap<>();
    private final Map<String, JobId> uploadJobs = new HashMap<>();
    private final Map<JobId, String> reports = new HashMap<>();
    private final List<String> aborted = new ArrayList<>();
    private final List<Integer> partsWritten = new ArrayList<>();
    private int started;

    /** With S3's 5 MiB minimum part size. */
    public InMemoryResultsReports() {
        this(MIN_PART_BYTES);
    }

    public InMemoryResultsReports(int minPartBytes) {
        this.minPartBytes = minPartBytes;
    }

    @Override
    public synchronized String start(JobId job) {
        String uploadId = "upload-" + (++started);
        uploads.put(uploadId, new TreeMap<>());
        uploadJobs.put(uploadId, job);
        return uploadId;
    }

    @Override
    public synchronized void writePart(JobId job, String uploadId, int partNumber, byte[] bytes) {
        parts(job, uploadId).put(partNumber, bytes.clone());
        partsWritten.add(partNumber);
    }

    @Override
    public synchronized String complete(JobId job, String uploadId) {
        String uri = "s3://reports/results/" + job.value() + ".csv";
        if (!uploads.containsKey(uploadId) && reports.containsKey(job)) {
            return uri; // completed before
        }
        TreeMap<Integer, byte[]> parts = parts(job, uploadId);
        StringBuilder report = new StringBuilder();
        int expected = 1;
        for (var part : parts.entrySet()) {
            if (part.getKey() != expected++) {
                throw new IllegalStateException("parts are not numbered 1.." + parts.size() + ": " + parts.keySet());
            }
            if (!part.getKey().equals(parts.lastKey()) && part.getValue().length < minPartBytes) {
                throw new IllegalStateException("part " + part.getKey() + " holds " + part.getValue().length
                        + " bytes, under the minimum of " + minPartBytes);
            }
            report.append(new String(part.getValue(), StandardCharsets.UTF_8));
        }
        reports.put(job, report.toString());
        uploads.remove(uploadId);
        return uri;
    }

    @Override
    public synchronized void abort(JobId job, String uploadId) {
        uploads.remove(uploadId);
        aborted.add(uploadId);
    }

    private TreeMap<Integer, byte[]> parts(JobId job, String uploadId) {
        TreeMap<Integer, byte[]> parts = uploads.get(uploadId);
        if (parts == null || !job.equals(uploadJobs.get(uploadId))) {
            throw new IllegalStateException("no upload " + uploadId + " for " + job);
        }
        return parts;
    }

    /** The completed report's text, empty when there is none. */
    public synchronized String text(JobId job) {
        return reports.getOrDefault(job, "");
    }

    /** The completed report's rows, header left out. */
    public synchronized List<ReportRow> report(JobId job) {
        List<ReportRow> rows = new ArrayList<>();
        String text = text(job);
        if (text.isEmpty()) {
            return rows;
        }
        for (String line : text.substring(text.indexOf('\n') + 1).split("\n")) {
            if (!line.isEmpty()) {
                String[] f = line.split(",", -1);
                ReportRow row = new ReportRow(new ObjectId(f[0], f[1], f[2]), f[3], f[4]);
                rows.add(f.length == 8 ? row.withCopy(new ReportRow.CopyColumns(f[5], f[6], f[7])) : row);
            }
        }
        return rows;
    }

    public synchronized boolean isComplete(JobId job) {
        return reports.containsKey(job);
    }

    /** Part numbers in the order they were uploaded, re-uploads included. */
    public synchronized List<Integer> partsWritten() {
        return List.copyOf(partsWritten);
    }

    public synchronized List<String> aborted() {
        return List.copyOf(aborted);
    }

    public synchronized int uploadsStarted() {
        return started;
    }
}
