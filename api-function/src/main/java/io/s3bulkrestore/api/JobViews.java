package io.s3bulkrestore.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.ports.JobStore;

import java.time.Instant;
import java.util.List;

/**
 * The JSON shapes the API returns, kept apart from the domain's records so either can change without
 * the other. Every field is always present; unknown values are null.
 */
final class JobViews {

    private JobViews() {
    }

    /** What POST /jobs returns: the seed's fields (SNSTopic, BulkJobId, BatchOperation) and ours. */
    @JsonPropertyOrder({"SNSTopic", "BulkJobId", "BatchOperation", "JobId", "BatchJobId", "Status"})
    public record CreatedJob(
            @JsonProperty("SNSTopic") String snsTopic,
            @JsonProperty("BulkJobId") String bulkJobId,
            @JsonProperty("BatchOperation") BatchOperation batchOperation,
            @JsonProperty("JobId") String jobId,
            @JsonProperty("BatchJobId") String batchJobId,
            @JsonProperty("Status") String status) {
    }

    public record BatchOperation(@JsonProperty("JobId") String jobId) {
    }

    @JsonPropertyOrder({"JobId", "BatchJobId", "Status", "ClientTag", "Tier", "Storage", "ExpirationDays",
            "Manifest", "CreatedAt", "Deadline", "TotalObjects", "RestoredObjects", "FailedObjects",
            "SkippedObjects", "PendingObjects", "ProgressPercent", "InvalidLines", "InvalidLineSamples", "BatchStatus", "CancelRequested",
            "FailureReason", "ReportUri"})
    public record JobView(
            @JsonProperty("JobId") String jobId,
            @JsonProperty("BatchJobId") String batchJobId,
            @JsonProperty("Status") String status,
            @JsonProperty("ClientTag") String clientTag,
            @JsonProperty("Tier") String tier,
            @JsonProperty("Storage") String storage,
            @JsonProperty("ExpirationDays") Integer expirationDays,
            @JsonProperty("Manifest") ManifestView manifest,
            @JsonProperty("CreatedAt") String createdAt,
            @JsonProperty("Deadline") String deadline,
            @JsonProperty("TotalObjects") Long totalObjects,
            @JsonProperty("RestoredObjects") long restoredObjects,
            @JsonProperty("FailedObjects") long failedObjects,
            @JsonProperty("SkippedObjects") long skippedObjects,
            @JsonProperty("PendingObjects") Long pendingObjects,
            @JsonProperty("ProgressPercent") Integer progressPercent,
            @JsonProperty("InvalidLines") Long invalidLines,
            @JsonProperty("InvalidLineSamples") List<String> invalidLineSamples,
            @JsonProperty("BatchStatus") String batchStatus,
            @JsonProperty("CancelRequested") boolean cancelRequested,
            @JsonProperty("FailureReason") String failureReason,
            @JsonProperty("ReportUri") String reportUri) {
    }

    @JsonPropertyOrder({"Bucket", "Key", "ETag"})
    public record ManifestView(
            @JsonProperty("Bucket") String bucket,
            @JsonProperty("Key") String key,
            @JsonProperty("ETag") String etag) {
    }

    @JsonPropertyOrder({"Jobs", "NextPageToken"})
    public record JobList(
            @JsonProperty("Jobs") List<JobView> jobs,
            @JsonProperty("NextPageToken") String nextPageToken) {
    }

    static CreatedJob created(Job job, String topicArn) {
        String id = job.id().value();
        return new CreatedJob(topicArn, id, new BatchOperation(job.batchJobId()), id, job.batchJobId(),
                job.status().displayName());
    }

    static JobView of(Job job) {
        var request = job.request();
        Long pending = job.total()
                .map(total -> Math.max(0, total - job.counts().finished()))
                .orElse(null);
        return new JobView(
                job.id().value(),
                job.batchJobId(),
                job.status().displayName(),
                request.clientTag(),
                request.tier().name(),
                request.storage().name(),
                request.expirationDays(),
                new ManifestView(job.manifest().bucket(), job.manifest().key(), job.manifest().etag()),
                iso(job.createdAt()),
                iso(job.deadline()),
                job.totalObjects(),
                job.counts().restored(),
                job.counts().failed(),
                job.counts().skipped(),
                pending,
                job.progressPercent().orElse(null),
                job.invalidLines(),
                job.invalidLineSamples(),
                job.batchStatus(),
                job.cancelRequested(),
                job.failureReason(),
                job.reportUri());
    }

    /** The answer to a redrive: the job, and the chunks queued again (numbered from 0). */
    @JsonPropertyOrder({"JobId", "Status", "RedrivenChunks"})
    public record RedriveView(
            @JsonProperty("JobId") String jobId,
            @JsonProperty("Status") String status,
            @JsonProperty("RedrivenChunks") List<Long> redrivenChunks) {
    }

    static RedriveView redriven(RedriveIngest.Redriven redriven) {
        return new RedriveView(redriven.job().id().value(), redriven.job().status().displayName(), redriven.chunks());
    }

    static JobList of(JobStore.JobPage page) {
        return new JobList(page.jobs().stream().map(JobViews::of).toList(), page.nextPageToken().orElse(null));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
