package io.s3bulkrestore.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.s3bulkrestore.jobs.BatchJobIds;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.RestoreSource;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.ports.JobStore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
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
            "Manifest", "Source", "Copy", "Confirm", "Quote", "BatchJobs", "CreatedAt", "Deadline", "TotalObjects",
            "RestoredObjects", "FailedObjects", "SkippedObjects", "CopiedObjects", "CopyFailedObjects",
            "PendingObjects", "ProgressPercent", "InvalidLines",
            "InvalidLineSamples", "BatchStatus", "CancelRequested", "FailureReason", "ReportUri"})
    public record JobView(
            @JsonProperty("JobId") String jobId,
            @JsonProperty("BatchJobId") String batchJobId,
            @JsonProperty("Status") String status,
            @JsonProperty("ClientTag") String clientTag,
            @JsonProperty("Tier") String tier,
            @JsonProperty("Storage") String storage,
            @JsonProperty("ExpirationDays") Integer expirationDays,
            @JsonProperty("Manifest") ManifestView manifest,
            @JsonProperty("Source") SourceView source,
            @JsonProperty("Copy") CopyView copy,
            @JsonProperty("Confirm") String confirm,
            @JsonProperty("Quote") QuoteView quote,
            @JsonProperty("BatchJobs") List<BatchJobView> batchJobs,
            @JsonProperty("CreatedAt") String createdAt,
            @JsonProperty("Deadline") String deadline,
            @JsonProperty("TotalObjects") Long totalObjects,
            @JsonProperty("RestoredObjects") long restoredObjects,
            @JsonProperty("FailedObjects") long failedObjects,
            @JsonProperty("SkippedObjects") long skippedObjects,
            @JsonProperty("CopiedObjects") Long copiedObjects,
            @JsonProperty("CopyFailedObjects") Long copyFailedObjects,
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

    /** A source job: its bucket and filters. */
    @JsonPropertyOrder({"Bucket", "Prefix", "Suffix", "Substring", "CreatedAfter", "CreatedBefore",
            "SizeGreaterThanBytes", "SizeLessThanBytes", "StorageClasses", "Versions"})
    public record SourceView(
            @JsonProperty("Bucket") String bucket,
            @JsonProperty("Prefix") String prefix,
            @JsonProperty("Suffix") String suffix,
            @JsonProperty("Substring") String substring,
            @JsonProperty("CreatedAfter") String createdAfter,
            @JsonProperty("CreatedBefore") String createdBefore,
            @JsonProperty("SizeGreaterThanBytes") Long sizeGreaterThanBytes,
            @JsonProperty("SizeLessThanBytes") Long sizeLessThanBytes,
            @JsonProperty("StorageClasses") List<String> storageClasses,
            @JsonProperty("Versions") String versions) {
    }

    /** A job's copy option, with its defaults filled in (DestinationBucket null: each object's own bucket). */
    @JsonPropertyOrder({"DestinationBucket", "SourcePrefix", "DestinationPrefix", "StorageClass",
            "KeepMetadataAndTags", "KmsKeyId"})
    public record CopyView(
            @JsonProperty("DestinationBucket") String destinationBucket,
            @JsonProperty("SourcePrefix") String sourcePrefix,
            @JsonProperty("DestinationPrefix") String destinationPrefix,
            @JsonProperty("StorageClass") String storageClass,
            @JsonProperty("KeepMetadataAndTags") boolean keepMetadataAndTags,
            @JsonProperty("KmsKeyId") String kmsKeyId) {

        static CopyView of(CopySpec spec) {
            return new CopyView(spec.destinationBucket(), spec.keys().sourcePrefix(), spec.keys().destinationPrefix(),
                    spec.storageClass().name(), spec.keepMetadataAndTags(), spec.kmsKeyId());
        }
    }

    /** One Batch Operations job of a job: a source job has one per storage class. */
    @JsonPropertyOrder({"StorageClass", "BatchJobId", "Objects"})
    public record BatchJobView(
            @JsonProperty("StorageClass") String storageClass,
            @JsonProperty("BatchJobId") String batchJobId,
            @JsonProperty("Objects") Long objects) {
    }

    /** The quote: Ready false (every other field null) while Batch Operations counts the objects. */
    @JsonPropertyOrder({"Ready", "Objects", "ObjectsExact", "Bytes", "BytesExact", "BytesMethod", "ByStorageClass",
            "BatchOperationsUsd", "TrackingUsd", "TotalUsd", "Prices", "QuotedAt", "ExpiresAt"})
    public record QuoteView(
            @JsonProperty("Ready") boolean ready,
            @JsonProperty("Objects") Long objects,
            @JsonProperty("ObjectsExact") Boolean objectsExact,
            @JsonProperty("Bytes") Long bytes,
            @JsonProperty("BytesExact") Boolean bytesExact,
            @JsonProperty("BytesMethod") String bytesMethod,
            @JsonProperty("ByStorageClass") List<ClassQuoteView> byStorageClass,
            @JsonProperty("BatchOperationsUsd") BigDecimal batchOperationsUsd,
            @JsonProperty("TrackingUsd") BigDecimal trackingUsd,
            @JsonProperty("TotalUsd") BigDecimal totalUsd,
            @JsonProperty("Prices") String prices,
            @JsonProperty("QuotedAt") String quotedAt,
            @JsonProperty("ExpiresAt") String expiresAt) {
    }

    @JsonPropertyOrder({"StorageClass", "Objects", "Bytes", "BytesExact", "Tier", "RestoreRequestsUsd",
            "RetrievalUsd", "ReadyWithinHours", "ReadyBy"})
    public record ClassQuoteView(
            @JsonProperty("StorageClass") String storageClass,
            @JsonProperty("Objects") long objects,
            @JsonProperty("Bytes") long bytes,
            @JsonProperty("BytesExact") boolean bytesExact,
            @JsonProperty("Tier") String tier,
            @JsonProperty("RestoreRequestsUsd") BigDecimal restoreRequestsUsd,
            @JsonProperty("RetrievalUsd") BigDecimal retrievalUsd,
            @JsonProperty("ReadyWithinHours") long readyWithinHours,
            @JsonProperty("ReadyBy") String readyBy) {
    }

    static CreatedJob created(Job job, String topicArn) {
        String id = job.id().value();
        String first = job.batchJobId() == null ? null : BatchJobIds.first(job.batchJobId());
        return new CreatedJob(topicArn, id, new BatchOperation(first), id, first, job.status().displayName());
    }

    private static SourceView sourceOf(RestoreSource source) {
        return new SourceView(source.bucket(), source.prefix(), source.suffix(), source.substring(),
                iso(source.createdAfter()), iso(source.createdBefore()), source.sizeGreaterThanBytes(),
                source.sizeLessThanBytes(), source.storageClasses().stream().map(Enum::name).toList(), "current");
    }

    /** A source job's batch jobs, one per storage class; empty for a manifest job (its one is BatchJobId). */
    private static List<BatchJobView> batchJobsOf(Job job) {
        if (job.batchJobId() == null) {
            return List.of();
        }
        List<String> ids = BatchJobIds.split(job.batchJobId());
        if (job.request().sourceValue().isEmpty()) {
            // A manifest job has one batch job, and a second once the first found Intelligent-Tiering archive objects
            // it could not restore with days (the monitor's follow-up): then both are listed.
            return ids.size() < 2 ? List.of() : List.of(
                    new BatchJobView(job.request().storage().name(), ids.get(0), null),
                    new BatchJobView(StorageFamily.INTELLIGENT_TIERING.name(), ids.get(1), null));
        }
        if (job.quote() != null) {
            return job.quote().byStorageClass().stream()
                    .map(line -> new BatchJobView(line.storageClass().name(), line.batchJobId(), line.objects()))
                    .toList();
        }
        List<SourceStorageClass> classes = job.request().source().storageClasses();
        List<BatchJobView> views = new ArrayList<>();
        for (int i = 0; i < ids.size() && i < classes.size(); i++) {
            views.add(new BatchJobView(classes.get(i).name(), ids.get(i), null));
        }
        return views;
    }

    private static QuoteView quoteOf(Job job) {
        Quote quote = job.quote();
        if (quote == null) {
            // A job that waits for its quote (a source job, or a manifest job that asked for one) shows it not ready
            boolean quoted = job.request().sourceValue().isPresent()
                    || job.request().confirm() == io.s3bulkrestore.model.ConfirmMode.MANUAL;
            return quoted
                    ? new QuoteView(false, null, null, null, null, null, null, null, null, null, null, null, null)
                    : null;
        }
        String tier = job.request().tier().name();
        return new QuoteView(true, quote.objects(), true, quote.bytes(), quote.bytesExact(), quote.bytesMethod(),
                quote.byStorageClass().stream().map(line -> new ClassQuoteView(line.storageClass().name(),
                        line.objects(), line.bytes(), line.bytesExact(), tier, line.restoreRequestsUsd(),
                        line.retrievalUsd(), line.readyWithin().toHours(),
                        iso(quote.quotedAt().plus(line.readyWithin())))).toList(),
                quote.batchOperationsUsd(), quote.trackingUsd(), quote.totalUsd(), quote.pricesSource(),
                iso(quote.quotedAt()), iso(quote.expiresAt()));
    }

    static JobView of(Job job) {
        var request = job.request();
        Long pending = job.total()
                .map(total -> Math.max(0, total - job.counts().finished(request.copyValue().isPresent())))
                .orElse(null);
        boolean copies = request.copyValue().isPresent();
        boolean listed = request.sourceValue().isEmpty() || job.quote() != null;
        return new JobView(
                job.id().value(),
                job.batchJobId() == null ? null : BatchJobIds.first(job.batchJobId()),
                job.status().displayName(),
                request.clientTag(),
                request.tier().name(),
                request.storage().name(),
                request.expirationDays(),
                listed ? new ManifestView(job.manifest().bucket(), job.manifest().key(), job.manifest().etag()) : null,
                request.sourceValue().map(JobViews::sourceOf).orElse(null),
                request.copyValue().map(CopyView::of).orElse(null),
                request.confirm().wireName(),
                quoteOf(job),
                batchJobsOf(job),
                iso(job.createdAt()),
                iso(job.deadline()),
                job.totalObjects(),
                job.counts().restored(),
                job.counts().failed(),
                job.counts().skipped(),
                copies ? job.counts().copied() : null,
                copies ? job.counts().copyFailed() : null,
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
