package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a Batch Operations completion report ({@code Report_CSV_20180820}) as AWS lays it out:
 * {@code <prefix>/job-<jobId>/manifest.json} listing one results CSV for succeeded and one for failed tasks
 * (each named by the SHA-1 of its content, with its MD5), rows
 * {@code bucket,key,versionId,taskStatus,httpStatusCode,errorCode,resultMessage} with URL-encoded keys.
 *
 * <p>The column order follows AWS's example reports (e.g. {@code ...,succeeded,200,,Successful} and
 * {@code ...,failed,200,PermanentFailure,"..."}); the ReportSchema string AWS writes into manifest.json names
 * ErrorCode before HTTPStatusCode, and we write that string unchanged, as AWS does.
 */
final class CompletionReport {

    static final String REPORT_SCHEMA = "Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;

    CompletionReport(S3Client s3) {
        this.s3 = s3;
    }

    /** The key of the report's manifest.json for a job. */
    static String manifestKey(JobSpec.ReportSpec report, String jobId) {
        return folder(report, jobId) + "manifest.json";
    }

    void write(JobSpec.ReportSpec report, String jobId, List<TaskOutcome> outcomes, Instant now) {
        String bucket = report.bucket().orElseThrow();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("Format", JobSpec.REPORT_FORMAT);
        manifest.put("ReportCreationDate", now.truncatedTo(ChronoUnit.MILLIS).toString());
        ArrayNode results = manifest.putArray("Results");
        if (!report.failedTasksOnly()) {
            writeResults(bucket, report, jobId, outcomes, true, results);
        }
        writeResults(bucket, report, jobId, outcomes, false, results);
        manifest.put("ReportSchema", REPORT_SCHEMA);
        try {
            s3.putObject(b -> b.bucket(bucket).key(manifestKey(report, jobId)).contentType("application/json"),
                    RequestBody.fromBytes(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeResults(String bucket, JobSpec.ReportSpec report, String jobId, List<TaskOutcome> outcomes,
                              boolean succeeded, ArrayNode results) {
        StringBuilder csv = new StringBuilder();
        for (TaskOutcome outcome : outcomes) {
            if (outcome.succeeded() == succeeded) {
                csv.append(row(outcome)).append('\n');
            }
        }
        if (csv.isEmpty()) {
            return;
        }
        byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
        String key = folder(report, jobId) + "results/" + hex("SHA-1", content) + ".csv";
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"), RequestBody.fromBytes(content));
        ObjectNode entry = results.addObject();
        entry.put("TaskExecutionStatus", succeeded ? "succeeded" : "failed");
        entry.put("Bucket", bucket);
        entry.put("MD5Checksum", hex("MD5", content));
        entry.put("Key", key);
    }

    static String row(TaskOutcome outcome) {
        return String.join(",",
                outcome.object().bucket(),
                encodeKey(outcome.object().key()),
                outcome.object().versionId() == null ? "" : outcome.object().versionId(),
                outcome.succeeded() ? "succeeded" : "failed",
                Integer.toString(outcome.httpStatus()),
                outcome.errorCode() == null ? "" : outcome.errorCode(),
                quoted(outcome.resultMessage() == null ? "" : outcome.resultMessage()));
    }

    /** RFC 3986 percent-encoding, '/' kept: what {@code ObjectId.decodeKey(..., URL)} reads back. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~")
                .replace("%2F", "/");
    }

    private static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static String folder(JobSpec.ReportSpec report, String jobId) {
        String prefix = report.prefix() == null ? "" : report.prefix();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return (prefix.isEmpty() ? "" : prefix + "/") + "job-" + jobId + "/";
    }

    /** The digest of {@code content} in lower-case hex (SHA-1 names the results files, MD5 checks them). */
    static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
