package io.s3bulkrestore.adapters.s3control;

import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreSource;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.GeneratedManifestEncryption;
import software.amazon.awssdk.services.s3control.model.GeneratedManifestFormat;
import software.amazon.awssdk.services.s3control.model.JobDescriptor;
import software.amazon.awssdk.services.s3control.model.JobManifestGenerator;
import software.amazon.awssdk.services.s3control.model.JobManifestGeneratorFilter;
import software.amazon.awssdk.services.s3control.model.KeyNameConstraint;
import software.amazon.awssdk.services.s3control.model.S3JobManifestGenerator;
import software.amazon.awssdk.services.s3control.model.S3ManifestOutputLocation;
import software.amazon.awssdk.services.s3control.model.SSES3Encryption;
import software.amazon.awssdk.services.s3control.model.JobFailure;
import software.amazon.awssdk.services.s3control.model.JobManifest;
import software.amazon.awssdk.services.s3control.model.JobManifestFormat;
import software.amazon.awssdk.services.s3control.model.JobManifestSpec;
import software.amazon.awssdk.services.s3control.model.JobOperation;
import software.amazon.awssdk.services.s3control.model.JobProgressSummary;
import software.amazon.awssdk.services.s3control.model.JobReport;
import software.amazon.awssdk.services.s3control.model.JobReportFormat;
import software.amazon.awssdk.services.s3control.model.JobReportScope;
import software.amazon.awssdk.services.s3control.model.JobStatusException;
import software.amazon.awssdk.services.s3control.model.RequestedJobStatus;
import software.amazon.awssdk.services.s3control.model.S3GlacierJobTier;
import software.amazon.awssdk.services.s3control.model.S3InitiateRestoreObjectOperation;
import software.amazon.awssdk.services.s3control.model.S3Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Restore jobs as S3 Batch Operations jobs ({@code S3InitiateRestoreObject}) through the S3 Control API.
 * Our job id is the ClientRequestToken, so a retried create finds the batch job made the first time.
 *
 * <p>One class (over 300 lines) for the one port: create (with a manifest or a manifest generator, with or without
 * confirmation), describe, confirm and cancel each build one S3 Control request and translate its exceptions the
 * same way ({@code translate}); the request shapes are checked request by request in its test.
 */
public final class S3ControlBatchOperations implements BatchOperations {

    private static final Logger LOG = LoggerFactory.getLogger(S3ControlBatchOperations.class);

    static final String JOB_ID_TAG = "s3-bulk-restore:job-id";
    static final String CLIENT_TAG_TAG = "s3-bulk-restore:client-tag";
    static final int PRIORITY = 10;
    static final String CANCEL_REASON = "cancelled through the s3-bulk-restore API";
    static final String CONFIRM_REASON = "quote confirmed through the s3-bulk-restore API";
    private static final int MAX_DESCRIPTION_CHARS = 256;

    private final S3ControlClient client;
    private final BatchOperationsSettings settings;

    public S3ControlBatchOperations(S3ControlClient client, BatchOperationsSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns) {
        String jobId = job.id().value();
        // Intelligent-Tiering restores move the object back to a frequent tier: a number of days is refused.
        // A job that asked for a quote (confirm manual) waits Suspended, its lines counted, until it is confirmed.
        boolean quoteFirst = job.request().confirm() == io.s3bulkrestore.model.ConfirmMode.MANUAL;
        return call("CreateJob", () -> client.createJob(b -> b
                .accountId(settings.accountId())
                .clientRequestToken(jobId)
                .confirmationRequired(quoteFirst)
                .operation(restoreOperation(job.request(), job.request().storage().takesExpirationDays()))
                .manifest(manifestOf(job.manifest(), csvColumns))
                .report(reportOf(jobId))
                .roleArn(settings.roleArn())
                .priority(PRIORITY)
                .description(descriptionOf(job))
                .tags(tagsOf(job)))
        ).jobId();
    }

    /** What follows our job id in the ClientRequestToken of its follow-up batch job. */
    static final String FOLLOW_UP_TOKEN_SUFFIX = "-it";

    /**
     * The follow-up of a manifest job: the Intelligent-Tiering archive objects its first batch job sent days to, listed
     * as an S3 Inventory report, restored with the job's tier and no ExpirationInDays (Intelligent-Tiering restores
     * take none). It reports under the job's folder, as the first one does, and runs at once.
     */
    @Override
    public String createFollowUpJob(Job job, ManifestLocation manifest) {
        String jobId = job.id().value();
        return call("CreateJob", () -> client.createJob(b -> b
                .accountId(settings.accountId())
                .clientRequestToken(jobId + FOLLOW_UP_TOKEN_SUFFIX)
                .confirmationRequired(false)
                .operation(restoreOperation(job.request(), false))
                .manifest(manifestOf(manifest, Optional.empty()))
                .report(reportOf(jobId))
                .roleArn(settings.roleArn())
                .priority(PRIORITY)
                .description(truncated("s3-bulk-restore job " + jobId + ": " + job.request().tier()
                        + " restore of the Intelligent-Tiering archive objects of " + job.manifest().uri()))
                .tags(tagsOf(job)))
        ).jobId();
    }

    private static JobOperation restoreOperation(CreateJobRequest request, boolean withDays) {
        var restore = S3InitiateRestoreObjectOperation.builder()
                .glacierJobTier(switch (request.tier()) {
                    case BULK -> S3GlacierJobTier.BULK;
                    case STANDARD -> S3GlacierJobTier.STANDARD;
                });
        if (withDays) {
            restore.expirationInDays(request.expirationDays());
        }
        return JobOperation.builder().s3InitiateRestoreObject(restore.build()).build();
    }

    private static List<S3Tag> tagsOf(Job job) {
        List<S3Tag> tags = new ArrayList<>(2);
        tags.add(S3Tag.builder().key(JOB_ID_TAG).value(job.id().value()).build());
        job.request().clientTagValue().ifPresent(tag -> tags.add(S3Tag.builder().key(CLIENT_TAG_TAG).value(tag).build()));
        return tags;
    }

    /** Every task's outcome, under our job's folder of the report prefix (a group's jobs share it). */
    private JobReport reportOf(String jobId) {
        return JobReport.builder()
                .bucket(bucketArn(settings.reportBucket()))
                .format(JobReportFormat.REPORT_CSV_20180820)
                .enabled(true)
                .prefix(settings.reportPrefix() + "/" + jobId)
                .reportScope(JobReportScope.ALL_TASKS)
                .build();
    }

    /**
     * One batch job per storage class of a source: the manifest generator selects the source's objects of that class
     * (every filter of the source, {@code MatchAnyStorageClass} the one class) and writes them, as an S3 Inventory
     * report, under the report prefix; ConfirmationRequired keeps the job Suspended, its tasks counted, until it is
     * confirmed. The token is our job id and the class, so a retry finds the same batch job.
     */
    @Override
    public String createSourceJob(Job job, SourceStorageClass storageClass) {
        CreateJobRequest request = job.request();
        RestoreSource source = request.sourceValue().orElseThrow(() ->
                new IllegalArgumentException("job " + job.id() + " has no source"));
        String jobId = job.id().value();
        return call("CreateJob", () -> client.createJob(b -> b
                .accountId(settings.accountId())
                .clientRequestToken(jobId + "-" + storageClass.slug())
                .confirmationRequired(true)
                .operation(restoreOperation(request, storageClass.takesExpirationDays()))
                .manifestGenerator(JobManifestGenerator.builder()
                        .s3JobManifestGenerator(generatorOf(source, storageClass, settings.reportPrefix() + "/" + jobId
                                + "/" + storageClass.slug()))
                        .build())
                .report(reportOf(jobId))
                .roleArn(settings.roleArn())
                .priority(PRIORITY)
                .description(truncated("s3-bulk-restore job " + jobId + ": " + request.tier() + " restore of the "
                        + storageClass + " objects of " + source.uri()))
                .tags(tagsOf(job)))
        ).jobId();
    }

    private S3JobManifestGenerator generatorOf(RestoreSource source, SourceStorageClass storageClass,
                                               String manifestPrefix) {
        var keys = KeyNameConstraint.builder();
        boolean anyKeyConstraint = false;
        if (source.prefix() != null) {
            keys.matchAnyPrefix(source.prefix());
            anyKeyConstraint = true;
        }
        if (source.suffix() != null) {
            keys.matchAnySuffix(source.suffix());
            anyKeyConstraint = true;
        }
        if (source.substring() != null) {
            keys.matchAnySubstring(source.substring());
            anyKeyConstraint = true;
        }
        var filter = JobManifestGeneratorFilter.builder()
                .matchAnyStorageClassWithStrings(storageClass.name())
                .createdAfter(source.createdAfter())
                .createdBefore(source.createdBefore())
                .objectSizeGreaterThanBytes(source.sizeGreaterThanBytes())
                .objectSizeLessThanBytes(source.sizeLessThanBytes());
        if (anyKeyConstraint) {
            filter.keyNameConstraint(keys.build());
        }
        return S3JobManifestGenerator.builder()
                .sourceBucket(bucketArn(source.bucket()))
                .enableManifestOutput(true)
                .manifestOutputLocation(S3ManifestOutputLocation.builder()
                        .bucket(bucketArn(settings.reportBucket()))
                        .manifestPrefix(manifestPrefix)
                        .manifestFormat(GeneratedManifestFormat.S3_INVENTORY_REPORT_CSV_20211130)
                        .manifestEncryption(GeneratedManifestEncryption.builder()
                                .sses3(SSES3Encryption.builder().build()).build())
                        .build())
                .filter(filter.build())
                .build();
    }

    /**
     * UpdateJobStatus to Ready. Batch Operations refuses it for a job that is no longer Suspended: one confirmed
     * before (a retry) or cancelled, which the caller learns from DescribeJob.
     */
    @Override
    public void confirm(String batchJobId) {
        try {
            client.updateJobStatus(b -> b
                    .accountId(settings.accountId())
                    .jobId(batchJobId)
                    .requestedJobStatus(RequestedJobStatus.READY)
                    .statusUpdateReason(CONFIRM_REASON));
        } catch (JobStatusException e) {
            LOG.info("batch job {} was not made Ready ({}): it no longer waits for confirmation", batchJobId,
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
        } catch (SdkException e) {
            throw translate("UpdateJobStatus", e);
        }
    }

    private static JobManifest manifestOf(ManifestLocation manifest, Optional<ManifestColumns> csvColumns) {
        JobManifestSpec spec = csvColumns
                .map(columns -> JobManifestSpec.builder()
                        .format(JobManifestFormat.S3_BATCH_OPERATIONS_CSV_20180820)
                        .fieldsWithStrings(columns.batchOperationsFields())
                        .build())
                .orElseGet(() -> JobManifestSpec.builder()
                        .format(JobManifestFormat.S3_INVENTORY_REPORT_CSV_20161130)
                        .build());
        return JobManifest.builder()
                .spec(spec)
                // The ARN carries the key as it is (the SDK escapes it for XML); S3 answers ETags quoted,
                // Batch Operations documents them bare.
                .location(l -> l.objectArn("arn:aws:s3:::" + manifest.bucket() + "/" + manifest.key())
                        .eTag(bareETag(manifest.etag())))
                .build();
    }

    static String bareETag(String etag) {
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    private static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    private static String descriptionOf(Job job) {
        CreateJobRequest request = job.request();
        return truncated("s3-bulk-restore job " + job.id().value() + ": " + request.tier() + " restore of "
                + job.manifest().uri());
    }

    private static String truncated(String description) {
        return description.length() <= MAX_DESCRIPTION_CHARS
                ? description
                : description.substring(0, MAX_DESCRIPTION_CHARS - 3) + "...";
    }

    @Override
    public BatchJobState describe(String batchJobId) {
        JobDescriptor job = call("DescribeJob", () -> client.describeJob(b -> b
                .accountId(settings.accountId())
                .jobId(batchJobId))).job();

        JobProgressSummary progress = job.progressSummary();
        List<String> failures = job.hasFailureReasons()
                ? job.failureReasons().stream().map(S3ControlBatchOperations::describeFailure).toList()
                : List.of();
        Optional<JobReport> report = Optional.ofNullable(job.report())
                .filter(r -> Boolean.TRUE.equals(r.enabled()));
        return new BatchJobState(
                BatchStatus.of(job.statusAsString()),
                progress == null ? 0 : orZero(progress.totalNumberOfTasks()),
                progress == null ? 0 : orZero(progress.numberOfTasksSucceeded()),
                progress == null ? 0 : orZero(progress.numberOfTasksFailed()),
                failures,
                report.map(JobReport::bucket).map(S3ControlBatchOperations::bucketNameOf),
                report.map(JobReport::prefix),
                generatedManifestOf(job));
    }

    /** "arn:aws:s3:::bucket/key" of the generated manifest.json, as a bucket and key. */
    private static Optional<BatchJobState.ObjectLocation> generatedManifestOf(JobDescriptor job) {
        if (job.generatedManifestDescriptor() == null || job.generatedManifestDescriptor().location() == null
                || job.generatedManifestDescriptor().location().objectArn() == null) {
            return Optional.empty();
        }
        String path = job.generatedManifestDescriptor().location().objectArn().substring("arn:aws:s3:::".length());
        int slash = path.indexOf('/');
        return Optional.of(new BatchJobState.ObjectLocation(path.substring(0, slash), path.substring(slash + 1)));
    }

    private static String describeFailure(JobFailure failure) {
        return failure.failureCode() + ": " + failure.failureReason();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** "arn:aws:s3:::bucket" -> "bucket"; bucket names cannot contain ':'. */
    static String bucketNameOf(String bucketArn) {
        return bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
    }

    @Override
    public CancelOutcome cancel(String batchJobId) {
        try {
            client.updateJobStatus(b -> b
                    .accountId(settings.accountId())
                    .jobId(batchJobId)
                    .requestedJobStatus(RequestedJobStatus.CANCELLED)
                    .statusUpdateReason(CANCEL_REASON));
            return CancelOutcome.CANCELLING;
        } catch (JobStatusException e) {
            // Batch Operations refuses the change when the job is past the point of cancelling. A job that was
            // cancelled before (a retried cancel) is still "cancelled or cancelling", not finished on its own.
            BatchStatus status = describe(batchJobId).status();
            LOG.info("batch job {} refused cancellation ({}); its status is {}", batchJobId,
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(), status);
            return switch (status) {
                case CANCELLED, CANCELLING -> CancelOutcome.CANCELLING;
                default -> CancelOutcome.ALREADY_FINISHED;
            };
        } catch (SdkException e) {
            throw translate("UpdateJobStatus", e);
        }
    }

    private static <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(operation, e);
        }
    }

    /** Our error for a failed call: the AWS request id, never AWS's text (that goes to the log). */
    private static ServiceException translate(String operation, SdkException e) {
        if (e instanceof AwsServiceException aws) {
            LOG.warn("S3 Batch Operations {} failed: AWS error {} ({}), HTTP {}, request id {}", operation,
                    aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode(),
                    aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage(),
                    aws.statusCode(), aws.requestId());
            return new ServiceException(ErrorCode.UPSTREAM_FAILED,
                    "S3 Batch Operations " + operation + " failed (AWS request id " + aws.requestId() + ")", null, e);
        }
        LOG.warn("S3 Batch Operations {} failed without an answer from AWS: {}", operation, e.toString());
        return new ServiceException(ErrorCode.UPSTREAM_FAILED,
                "S3 Batch Operations " + operation + " failed (no answer from AWS)", null, e);
    }
}
