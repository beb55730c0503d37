package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Batch Operations in memory: remembers the jobs it was asked to create (idempotent on our job id, as
 * ClientRequestToken is) and can be told to fail.
 */
public final class RecordingBatchOperations implements BatchOperations {

    private final Map<String, String> batchIdByToken = new LinkedHashMap<>();
    private final Map<String, String> statusByBatchId = new LinkedHashMap<>();
    private final List<Job> createRequests = new ArrayList<>();
    private final List<String> cancelRequests = new ArrayList<>();
    private final List<Optional<ManifestColumns>> columnsRequested = new ArrayList<>();
    private final Map<String, Long> tasksByBatchId = new LinkedHashMap<>();
    private final Map<String, BatchJobState.ObjectLocation> generatedByBatchId = new LinkedHashMap<>();
    private final List<String> sourceJobRequests = new ArrayList<>();
    private final List<String> confirmRequests = new ArrayList<>();
    private final List<String> followUpRequests = new ArrayList<>();
    private boolean failCreate;

    /** A generator job: "New" until {@link #listed} says what its generator found, then "Suspended". */
    @Override
    public synchronized String createSourceJob(Job job, SourceStorageClass storageClass) {
        sourceJobRequests.add(job.id().value() + ":" + storageClass);
        if (failCreate) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED,
                    "S3 Batch Operations CreateJob failed (AWS request id TEST-REQUEST)");
        }
        return batchIdByToken.computeIfAbsent(job.id().value() + "-" + storageClass.slug(), token -> {
            String batchId = "batch-" + (batchIdByToken.size() + 1);
            statusByBatchId.put(batchId, "New");
            return batchId;
        });
    }

    /** A follow-up batch job ("Active"), found again by its token: our job id and "-it". */
    @Override
    public synchronized String createFollowUpJob(Job job, io.s3bulkrestore.model.ManifestLocation manifest) {
        followUpRequests.add(job.id().value() + ":" + manifest.uri() + "@" + manifest.etag());
        if (failCreate) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED,
                    "S3 Batch Operations CreateJob failed (AWS request id TEST-REQUEST)");
        }
        return batchIdByToken.computeIfAbsent(job.id().value() + "-it", token -> {
            String batchId = "batch-" + (batchIdByToken.size() + 1);
            statusByBatchId.put(batchId, "Active");
            return batchId;
        });
    }

    /** The follow-up jobs asked for, as "jobId:manifest uri@etag". */
    public synchronized List<String> followUpRequests() {
        return List.copyOf(followUpRequests);
    }

    /** The generator of this batch job found {@code tasks} objects and wrote them to {@code manifest}. */
    public synchronized void listed(String batchJobId, long tasks, BatchJobState.ObjectLocation manifest) {
        statusByBatchId.put(batchJobId, "Suspended");
        tasksByBatchId.put(batchJobId, tasks);
        generatedByBatchId.put(batchJobId, manifest);
    }

    @Override
    public synchronized void confirm(String batchJobId) {
        confirmRequests.add(batchJobId);
        if ("Suspended".equals(statusByBatchId.get(batchJobId))) {
            statusByBatchId.put(batchJobId, "Active");
        }
    }

    public synchronized List<String> sourceJobRequests() {
        return List.copyOf(sourceJobRequests);
    }

    public synchronized List<String> confirmRequests() {
        return List.copyOf(confirmRequests);
    }

    @Override
    public synchronized String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns) {
        createRequests.add(job);
        columnsRequested.add(csvColumns);
        if (failCreate) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED,
                    "S3 Batch Operations CreateJob failed (AWS request id TEST-REQUEST)");
        }
        // A manifest job that asked for a quote waits ("New" until {@link #listed} counts it, then "Suspended").
        boolean quoteFirst = job.request().confirm() == io.s3bulkrestore.model.ConfirmMode.MANUAL;
        return batchIdByToken.computeIfAbsent(job.id().value(), token -> {
            String batchId = "batch-" + (batchIdByToken.size() + 1);
            statusByBatchId.put(batchId, quoteFirst ? "New" : "Active");
            return batchId;
        });
    }

    @Override
    public synchronized BatchJobState describe(String batchJobId) {
        String status = statusByBatchId.get(batchJobId);
        if (status == null) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "no batch job " + batchJobId);
        }
        return new BatchJobState(BatchStatus.of(status), tasksByBatchId.getOrDefault(batchJobId, 0L), 0, 0, List.of(),
                Optional.empty(), Optional.empty(), Optional.ofNullable(generatedByBatchId.get(batchJobId)));
    }

    @Override
    public synchronized CancelOutcome cancel(String batchJobId) {
        cancelRequests.add(batchJobId);
        String status = statusByBatchId.get(batchJobId);
        if ("Complete".equals(status) || "Failed".equals(status)) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        statusByBatchId.put(batchJobId, "Cancelled");
        return CancelOutcome.CANCELLING;
    }

    public synchronized void failCreateRequests() {
        failCreate = true;
    }

    /** Creates answer again after {@link #failCreateRequests()}. */
    public synchronized void answerCreateRequests() {
        failCreate = false;
    }

    public synchronized void setStatus(String batchJobId, String status) {
        statusByBatchId.put(batchJobId, status);
    }

    public synchronized List<Job> createRequests() {
        return List.copyOf(createRequests);
    }

    public synchronized List<Optional<ManifestColumns>> columnsRequested() {
        return List.copyOf(columnsRequested);
    }

    public synchronized List<String> cancelRequests() {
        return List.copyOf(cancelRequests);
    }

    /** Distinct batch jobs that exist. */
    public synchronized int batchJobCount() {
        return batchIdByToken.size();
    }
}
