package io.s3bulkrestore.sandbox.batch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The S3 Control response bodies, shaped as the SDK's REST-XML unmarshallers read them (lists as member). */
final class JobXml {

    private JobXml() {
    }

    static String createJobResult(String jobId) {
        return XmlWriter.document("CreateJobResult").element("JobId", jobId).finish();
    }

    static String describeJobResult(BatchJob.View job, String region) {
        JobSpec spec = job.spec();
        XmlWriter xml = XmlWriter.document("DescribeJobResult").start("Job")
                .element("JobId", job.jobId())
                .element("ConfirmationRequired", spec.confirmationRequired())
                .element("Description", spec.description())
                .element("JobArn", "arn:aws:s3:" + region + ":" + spec.accountId() + ":job/" + job.jobId())
                .element("Status", job.status());
        switch (spec.source()) {
            case JobSpec.ManifestSpec manifest -> manifest(xml, manifest);
            case ManifestGeneratorSpec generator -> manifestGenerator(xml, generator);
        }
        xml.start("Operation").start("S3InitiateRestoreObject")
                .element("ExpirationInDays", spec.operation().expirationInDays())
                .element("GlacierJobTier", spec.operation().glacierJobTier())
                .end().end();
        xml.element("Priority", spec.priority());
        progress(xml, job);
        xml.element("StatusUpdateReason", job.statusUpdateReason());
        if (!job.failures().isEmpty()) {
            xml.start("FailureReasons");
            for (BatchJob.Failure failure : job.failures()) {
                xml.start("member").element("FailureCode", failure.code()).element("FailureReason", failure.reason()).end();
            }
            xml.end();
        }
        JobSpec.ReportSpec report = spec.report();
        xml.start("Report")
                .element("Bucket", report.bucketArn())
                .element("Format", report.format())
                .element("Enabled", report.enabled())
                .element("Prefix", report.prefix())
                .element("ReportScope", report.enabled() ? report.scope() : null)
                .end();
        xml.element("CreationTime", timestamp(job.creationTime()))
                .element("TerminationDate", timestamp(job.terminationDate()))
                .element("RoleArn", spec.roleArn())
                .element("SuspendedDate", timestamp(job.suspendedDate()));
        if (job.suspendedDate() != null && spec.confirmationRequired()) {
            // AWS documents the member, not its wording; this is ours.
            xml.element("SuspendedCause", "AwaitingConfirmation");
        }
        GeneratedManifestWriter.Written generated = job.generatedManifest();
        if (generated != null) {
            xml.start("GeneratedManifestDescriptor")
                    .element("Format", ManifestGeneratorSpec.GENERATED_FORMAT)
                    .start("Location")
                    .element("ObjectArn", generated.objectArn())
                    .element("ObjectVersionId", generated.objectVersionId())
                    .element("ETag", generated.etag())
                    .end().end();
        }
        return xml.finish();
    }

    private static void manifest(XmlWriter xml, JobSpec.ManifestSpec manifest) {
        xml.start("Manifest").start("Spec").element("Format", manifest.format());
        if (!manifest.fields().isEmpty()) {
            xml.start("Fields");
            manifest.fields().forEach(field -> xml.element("member", field));
            xml.end();
        }
        xml.end().start("Location")
                .element("ObjectArn", manifest.objectArn())
                .element("ObjectVersionId", manifest.objectVersionId())
                .element("ETag", manifest.etag())
                .end().end();
    }

    /** The ManifestGenerator as the job was created with it (JobDescriptor.ManifestGenerator). */
    private static void manifestGenerator(XmlWriter xml, ManifestGeneratorSpec generator) {
        xml.start("ManifestGenerator").start("S3JobManifestGenerator")
                .element("ExpectedBucketOwner", generator.expectedBucketOwner())
                .element("SourceBucket", generator.sourceBucketArn());
        ManifestGeneratorSpec.OutputLocation output = generator.output();
        if (output != null) {
            xml.start("ManifestOutputLocation")
                    .element("ExpectedManifestBucketOwner", output.expectedBucketOwner())
                    .element("Bucket", output.bucketArn())
                    .element("ManifestPrefix", output.prefix());
            if (output.encryption() != null) {
                xml.start("ManifestEncryption");
                if (output.encryption().isKms()) {
                    xml.start("SSE-KMS").element("KeyId", output.encryption().kmsKeyId()).end();
                } else {
                    xml.start("SSE-S3").end();
                }
                xml.end();
            }
            xml.element("ManifestFormat", output.format()).end();
        }
        GeneratorFilter filter = generator.filter();
        xml.start("Filter")
                .element("EligibleForReplication", filter.eligibleForReplication())
                .element("CreatedAfter", timestamp(filter.createdAfter()))
                .element("CreatedBefore", timestamp(filter.createdBefore()));
        list(xml, "ObjectReplicationStatuses", filter.replicationStatuses());
        if (filter.hasKeyNameConstraint()) {
            xml.start("KeyNameConstraint");
            list(xml, "MatchAnyPrefix", filter.matchAnyPrefix());
            list(xml, "MatchAnySuffix", filter.matchAnySuffix());
            list(xml, "MatchAnySubstring", filter.matchAnySubstring());
            xml.end();
        }
        xml.element("ObjectSizeGreaterThanBytes", filter.sizeGreaterThan())
                .element("ObjectSizeLessThanBytes", filter.sizeLessThan());
        list(xml, "MatchAnyStorageClass", filter.storageClasses());
        xml.end();
        xml.element("EnableManifestOutput", generator.enableManifestOutput()).end().end();
    }

    private static void list(XmlWriter xml, String name, List<String> values) {
        if (!values.isEmpty()) {
            xml.start(name);
            values.forEach(value -> xml.element("member", value));
            xml.end();
        }
    }

    static String updateJobStatusResult(String jobId, BatchJobStatus status, String reason) {
        return XmlWriter.document("UpdateJobStatusResult")
                .element("JobId", jobId)
                .element("Status", status)
                .element("StatusUpdateReason", reason)
                .finish();
    }

    static String listJobsResult(List<BatchJob.View> jobs, String nextToken) {
        XmlWriter xml = XmlWriter.document("ListJobsResult").element("NextToken", nextToken).start("Jobs");
        for (BatchJob.View job : jobs) {
            xml.start("member")
                    .element("JobId", job.jobId())
                    .element("Description", job.spec().description())
                    .element("Operation", "S3InitiateRestoreObject")
                    .element("Priority", job.spec().priority())
                    .element("Status", job.status())
                    .element("CreationTime", timestamp(job.creationTime()))
                    .element("TerminationDate", timestamp(job.terminationDate()));
            progress(xml, job);
            xml.end();
        }
        return xml.finish();
    }

    /** S3 Control's error document: no namespace, Code and Message inside Error, then the request id. */
    static String errorResponse(S3ControlError error, String requestId) {
        return XmlWriter.plainDocument("ErrorResponse")
                .start("Error").element("Code", error.code()).element("Message", error.getMessage()).end()
                .element("RequestId", requestId)
                .element("HostId", "batch-operations-emulator")
                .finish();
    }

    private static void progress(XmlWriter xml, BatchJob.View job) {
        if (job.totalTasks() == null) {
            return;
        }
        xml.start("ProgressSummary")
                .element("TotalNumberOfTasks", job.totalTasks())
                .element("NumberOfTasksSucceeded", job.succeeded())
                .element("NumberOfTasksFailed", job.failed())
                .start("Timers").element("ElapsedTimeInActiveSeconds", job.activeSeconds()).end()
                .end();
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
