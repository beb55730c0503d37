package io.s3bulkrestore.jobs;

import io.s3bulkrestore.ingest.IngestPlan;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.IngestQueue;
import io.s3bulkrestore.ports.JobStore;
import io.s3bulkrestore.ports.ManifestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Accepts a restore job: checks the manifest, records the job, creates its Batch Operations job, queues
 * the manifest's ingestion (one task per chunk, see {@link IngestPlan}) and only then records the job as
 * submitted. Safe to retry: with an Idempotency-Key a retry returns the same job, and resumes one that a
 * crash left half-submitted (the job id is Batch Operations' idempotency token, so no second batch job;
 * tasks are queued again, which is harmless because ingesting a chunk twice registers nothing twice).
 */
public final class CreateJob {

    private static final Logger LOG = LoggerFactory.getLogger(CreateJob.class);

    private final JobStore jobs;
    private final ManifestStore manifests;
    private final BatchOperations batch;
    private final IngestQueue ingestQueue;
    private final long chunkBytes;
    private final JobPolicy policy;
    private final Clock clock;
    private final Supplier<JobId> newJobId;

    /**
     * @param chunkBytes the size of one CSV manifest chunk (one ingest task); see {@link IngestPlan}
     */
    public CreateJob(JobStore jobs, ManifestStore manifests, BatchOperations batch, IngestQueue ingestQueue,
                     long chunkBytes, JobPolicy policy, Clock clock, Supplier<JobId> newJobId) {
        this.jobs = jobs;
        this.manifests = manifests;
        this.batch = batch;
        this.ingestQueue = ingestQueue;
        this.chunkBytes = chunkBytes;
        this.policy = policy;
        this.clock = clock;
        this.newJobId = newJobId;
    }

    public record Result(Job job, boolean created) {
    }

    public Result create(CreateJobRequest request, Optional<String> idempotencyKey) {
        if (!policy.allows(request.manifestBucket())) {
            throw new ServiceException(ErrorCode.BUCKET_NOT_ALLOWED, "bucket '" + request.manifestBucket()
                    + "' is not in this stack's AllowedBuckets", "bucket", null);
        }
        ManifestLocation manifest = manifests.head(request.manifestBucket(), request.manifestKey())
                .orElseThrow(() -> new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "manifest s3://"
                        + request.manifestBucket() + "/" + request.manifestKey() + " does not exist", "key", null));

        // Read before anything is written: a manifest Batch Operations would reject is the client's error.
        Optional<ManifestColumns> columns = request.manifestFormat() == ManifestFormat.CSV
                ? Optional.of(manifests.csvColumns(manifest))
                : Optional.empty();
        Optional<InventoryManifest> inventory = request.manifestFormat() == ManifestFormat.INVENTORY
                ? Optional.of(usableInventory(manifest))
                : Optional.empty();

        var now = clock.instant();
        Job candidate = Job.submitting(newJobId.get(), request, manifest, now, policy.deadlineFor(request, now),
                idempotencyKey.orElse(null));
        Job job;
        boolean created;
        switch (jobs.create(candidate)) {
            case JobStore.CreateOutcome.Created c -> {
                job = c.job();
                created = true;
            }
            case JobStore.CreateOutcome.KeyAlreadyUsed used -> {
                job = used.existing();
                created = false;
                if (!job.request().equals(request)) {
                    throw new ServiceException(ErrorCode.IDEMPOTENCY_CONFLICT, "Idempotency-Key '"
                            + idempotencyKey.orElseThrow() + "' was already used for job " + job.id()
                            + " with a different request", "Idempotency-Key", null);
                }
            }
        }
        if (job.status() == JobStatus.SUBMITTING) {
            job = submit(job, columns, inventory);
        }
        return new Result(job, created);
    }

    private InventoryManifest usableInventory(ManifestLocation manifest) {
        InventoryManifest inventory;
        try {
            inventory = manifests.inventory(manifest);
        } catch (ManifestStore.ManifestChanged e) {
            throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "manifest " + manifest.uri()
                    + " changed while the job was being created; retry", "key", null);
        }
        String problem = inventory.problem();
        if (problem != null) {
            throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "manifest " + manifest.uri() + ": " + problem,
                    "key", null);
        }
        return inventory;
    }

    private Job submit(Job job, Optional<ManifestColumns> columns, Optional<InventoryManifest> inventory) {
        String batchJobId;
        try {
            batchJobId = batch.createRestoreJob(job, columns);
        } catch (ServiceException e) {
            // Leave no half-job behind: the record says why it failed; the client gets the error.
            jobs.recordFailed(job.id(), "creating the S3 Batch Operations job failed: " + e.getMessage());
            throw e;
        }
        // Queue the ingestion before recording the job as submitted: a crash in between leaves it SUBMITTING,
        // and the client's retry resumes here and queues the tasks again.
        List<IngestTask> tasks = inventory.isPresent()
                ? IngestPlan.inventory(job.id(), inventory.get())
                : IngestPlan.csv(job.id(), job.manifest(), chunkBytes);
        ingestQueue.enqueue(tasks);
        Job submitted = jobs.recordSubmitted(job.id(), batchJobId, tasks.size());
        LOG.info("job {} submitted as batch job {}, manifest queued as {} ingest chunk(s)", job.id(), batchJobId,
                tasks.size());
        return submitted;
    }
}
