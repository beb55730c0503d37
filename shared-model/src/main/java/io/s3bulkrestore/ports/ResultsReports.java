package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.JobId;

/**
 * Where a finished job's results report (CSV: bucket, key, versionId, outcome, error) is written: one
 * multipart upload per job, written a part per monitor tick so that a report of millions of rows never has
 * to be produced at once. Every part but the last must hold at least {@link #MIN_PART_BYTES}.
 */
public interface ResultsReports {

    /** S3's smallest part, except the last. */
    int MIN_PART_BYTES = 5 * 1024 * 1024;

    /** Starts the job's report upload; returns its upload id. */
    String start(JobId job);

    /** Uploads (or uploads again, replacing it) part {@code partNumber}. */
    void writePart(JobId job, String uploadId, int partNumber, byte[] bytes);

    /**
     * Completes the upload from the parts it holds and returns the report's URI ({@code s3://bucket/key}).
     * Completing an upload that an earlier call completed returns the same URI.
     */
    String complete(JobId job, String uploadId);

    /** Abandons the upload and its parts; one that is already gone is not an error. */
    void abort(JobId job, String uploadId);
}
