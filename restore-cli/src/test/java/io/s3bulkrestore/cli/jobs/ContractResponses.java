package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Answers of the API as docs/contract-16 (issue 16) gives them, for WireMock to serve. Times are relative to now, so
 * no test depends on the calendar.
 */
final class ContractResponses {

    static final String JOB_ID = "5f0c8f7e-2a57-4d5c-9a55-2f3c7d0b9e11";

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private ContractResponses() {
    }

    static String created(String status) {
        return """
                {"SNSTopic":"arn:aws:sns:us-east-1:123456789012:s3-bulk-restore","BulkJobId":"%1$s",
                 "BatchOperation":{"JobId":null},"JobId":"%1$s","BatchJobId":null,"Status":"%2$s"}"""
                .formatted(JOB_ID, status);
    }

    /** A source job waiting for confirmation; its quote ready or still being made. */
    static String awaiting(boolean quoteReady) {
        ObjectNode job = sourceJob("AwaitingConfirmation");
        ObjectNode quote = job.putObject("Quote");
        quote.put("Ready", quoteReady);
        if (quoteReady) {
            quote.put("Objects", 1234).put("ObjectsExact", true)
                    .put("Bytes", 5_368_709_120L).put("BytesExact", false)
                    .put("BytesMethod", "from the sizes of 1,000 sampled objects")
                    .put("BatchOperationsUsd", 0.75).put("TrackingUsd", 0.002).put("TotalUsd", 0.787)
                    .put("Prices", "us-east-1 list prices")
                    .put("ExpiresAt", NOW.plus(Duration.ofDays(7)).toString());
            ObjectNode glacier = quote.putArray("ByStorageClass").addObject();
            glacier.put("StorageClass", "GLACIER").put("Objects", 1000).put("Bytes", 4_000_000_000L)
                    .put("BytesExact", false).put("Tier", "BULK").put("RestoreRequestsUsd", 0.025)
                    .put("RetrievalUsd", 0.01).put("ReadyBy", NOW.plus(Duration.ofHours(12)).toString());
            ObjectNode deep = ((com.fasterxml.jackson.databind.node.ArrayNode) quote.get("ByStorageClass")).addObject();
            deep.put("StorageClass", "DEEP_ARCHIVE").put("Objects", 234).put("Bytes", 1_368_709_120L)
                    .put("BytesExact", false).put("Tier", "BULK").put("RestoreRequestsUsd", 0.00585)
                    .put("RetrievalUsd", 0.0032).put("ReadyBy", NOW.plus(Duration.ofHours(48)).toString());
        }
        return job.toString();
    }

    /** A job in {@code status}, {@code restored} of 1,234 objects restored. */
    static String job(String status, long restored, long failed) {
        ObjectNode job = sourceJob(status);
        job.put("TotalObjects", 1234).put("RestoredObjects", restored).put("FailedObjects", failed)
                .put("PendingObjects", 1234 - restored - failed).put("ProgressPercent", (int) (100 * (restored + failed) / 1234));
        if (status.equals("Failed")) {
            job.put("FailureReason", "the Batch Operations job failed: too many task failures");
        }
        if (!status.equals("Restoring")) {
            job.put("ReportUri", "s3://s3-bulk-restore-reports/results/" + JOB_ID + ".csv");
        }
        return job.toString();
    }

    static String error(String code, String message, String field) {
        ObjectNode body = HttpJobsApi.JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return body.toString();
    }

    private static ObjectNode sourceJob(String status) {
        ObjectNode job = HttpJobsApi.JSON.createObjectNode();
        job.put("JobId", JOB_ID).putNull("BatchJobId").put("Status", status).put("ClientTag", "nightly")
                .put("Tier", "BULK").putNull("Storage").put("ExpirationDays", 7).putNull("Manifest")
                .put("CreatedAt", NOW.minus(Duration.ofMinutes(3)).toString())
                .put("Deadline", NOW.plus(Duration.ofDays(3)).toString())
                .putNull("TotalObjects").put("RestoredObjects", 0).put("FailedObjects", 0).put("SkippedObjects", 0)
                .putNull("PendingObjects").putNull("ProgressPercent").put("CancelRequested", false)
                .putNull("FailureReason").putNull("ReportUri").put("Confirm", "manual");
        ObjectNode source = job.putObject("Source");
        source.put("Bucket", "my-archive");
        source.put("Prefix", "logs/2019/");
        source.put("Suffix", ".parquet");
        source.putNull("Substring");
        source.putNull("CreatedAfter");
        source.putArray("StorageClasses").add("GLACIER").add("DEEP_ARCHIVE");
        source.put("Versions", "current");
        job.putArray("BatchJobs").addObject().put("StorageClass", "GLACIER").put("BatchJobId", "b-1")
                .put("Status", "Suspended").put("Objects", 1000);
        return job;
    }
}
