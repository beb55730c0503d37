package io.s3bulkrestore.jobs;

import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.CreateJobRequestParser;
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
import io.s3bulkrestore.ingest.IngestQueue;
import io.s3bulkrestore.ports.JobStore;
import io.s3bulkrestore.manifest.ManifestStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Accepts a restore job: checks the manifest, records the job, then submits it ({@link SubmitJob}: creates
 * its Batch Operations job, queues the manifest's ingestion, records it as submitted). Safe to retry: with an
 * Idempotency-Key a retry returns the same job, and resumes one that a crash left half-submitted (the job id
 * is Batch Operations' idempotency token, so no second batch job; tasks are queued again, which is harmless
 * because ingesting a chunk twice registers nothing twice). A job left SUBMITTING with no retry is finished by
 * the monitor.
 */
public final class CreateJob {

    private final JobStore jobs;
    private final ManifestStore manifests;
    private final SubmitJob submitJob;
    private final JobPolicy policy;
    private final Clock clock;
    private final Supplier<JobId> newJobId;
    private final Waiting waiting;

    /**
     * How jobs that wait for confirmation are created.
     *
     * @param sourceJobs    asks Batch Operations to count a source job's objects
     * @param listingBucket where the objects a source job counted are listed (the report bucket)
     * @param listingPrefix the prefix of those listings, each in a folder named after the job
     * @param quoteValidity how long a quote waits for confirmation
     */
    public record Waiting(SourceJobs sourceJobs, String listingBucket, String listingPrefix, Duration quoteValidity) {

        public Waiting {
            java.util.Objects.requireNonNull(sourceJobs, "sourceJobs");
            java.util.Objects.requireNonNull(listingBucket, "listingBucket");
            java.util.Objects.requireNonNull(listingPrefix, "listingPrefix");
            java.util.Objects.requireNonNull(quoteValidity, "quoteValidity");
        }

        /** Where the job's listing will be: its ETag is unknown (empty) until the listing is written. */
        ManifestLocation plannedListing(JobId id) {
            return new ManifestLocation(listingBucket, listingPrefix + "/" + id.value() + "/objects/manifest.json", "",
                    0);
        }

        /**
         * A waiting job must be counted and confirmed within the quote's validity: a day for Batch Operations to
         * list the objects (buckets of hundreds of millions take hours), then the validity.
         */
        Instant deadlineWhileWaiting(Instant createdAt) {
            return createdAt.plus(Duration.ofDays(1)).plus(quoteValidity);
        }
    }

    /**
     * @param chunkBytes the size of one CSV manifest chunk (one ingest task); see {@link IngestPlan}
     */
    public CreateJob(JobStore jobs, ManifestStore manifests, BatchOperations batch, IngestQueue ingestQueue,
                     long chunkBytes, JobPolicy policy, Clock clock, Supplier<JobId> newJobId) {
        this(jobs, manifests, batch, ingestQueue, chunkBytes, policy, clock, newJobId, Optional.empty());
    }

    /** One that also creates source jobs, which wait for confirmation. */
    public CreateJob(JobStore jobs, ManifestStore manifests, BatchOperations batch, IngestQueue ingestQueue,
                     long chunkBytes, JobPolicy policy, Clock clock, Supplier<JobId> newJobId, Waiting waiting) {
        this(jobs, manifests, batch, ingestQueue, chunkBytes, policy, clock, newJobId,
                Optional.of(java.util.Objects.requireNonNull(waiting, "waiting")));
    }

    private CreateJob(JobStore jobs, ManifestStore manifests, BatchOperations batch, IngestQueue ingestQueue,
                      long chunkBytes, JobPolicy policy, Clock clock, Supplier<JobId> newJobId,
                      Optional<Waiting> waiting) {
        this.jobs = jobs;
        this.manifests = manifests;
        this.submitJob = new SubmitJob(jobs, manifests, batch, ingestQueue, chunkBytes);
        this.policy = policy;
        this.clock = clock;
        this.newJobId = newJobId;
        this.waiting = waiting.orElse(null);
    }

    public record Result(Job job, boolean created) {
    }

    public Result create(CreateJobRequest request, Optional<String> idempotencyKey) {
        request.copyValue().map(CopySpec::kmsKeyId).ifPresent(key -> {
            if (!policy.allowsCopyKey(key)) {
                throw new ServiceException(ErrorCode.BUCKET_NOT_ALLOWED, "copy.kms_key_id '" + key + "' is not the key"
                        + " this stack's copy worker may use: deploy with CopyKmsKeyArn set to it (its ARN), or leave"
                        + " kms_key_id out for the destination bucket's default encryption", "copy.kms_key_id", null);
            }
        });
        request.copyValue().flatMap(CopySpec::destinationBucketValue).ifPresent(destination -> {
            if (!policy.allows(destination)) {
                throw new ServiceException(ErrorCode.BUCKET_NOT_ALLOWED, "copy.destination_bucket '" + destination
                        + "' is not in this stack's AllowedBuckets (the copy worker may write only there)",
                        "copy.destination_bucket", null);
            }
        });
        if (request.sourceValue().isPresent()) {
            return createWaiting(request, idempotencyKey, Optional.empty());
        }
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

        checkCopyTime(request, manifest);

        if (request.confirm() == io.s3bulkrestore.model.ConfirmMode.MANUAL) {
            return createWaiting(request, idempotencyKey, Optional.of(manifest)); // a quote first
        }
        var now = clock.instant();
        Job candidate = Job.submitting(newJobId.get(), request, manifest, now,
                policy.deadlineFor(request, now, mostObjects(request, manifest)),
                idempotencyKey.orElse(null));
        Result recorded = record(candidate, request, idempotencyKey);
        Job job = recorded.job();
        boolean created = recorded.created();
        if (job.status() == JobStatus.SUBMITTING) {
            job = submit(job, columns, inventory);
        }
        return new Result(job, created);
    }

    /**
     * A CSV manifest of this size lists at most this many objects per byte, on the optimistic side (lines of about
     * 100 bytes: bucket, a key of some 80 characters, a version id), so the copy-time check below refuses only a job
     * whose copies cannot be made in time even then.
     */
    static final long OPTIMISTIC_LINE_BYTES = 100;

    /**
     * A CSV manifest line is at least this long ({@code b,k} and its newline, a three-letter bucket): the most objects
     * a manifest of a given size can list, which a copying job's deadline leaves time to copy.
     */
    static final long SHORTEST_LINE_BYTES = 8;

    /** The most objects the manifest can list, for a job's deadline; 0 where its size does not tell (inventory). */
    private static long mostObjects(CreateJobRequest request, ManifestLocation manifest) {
        return request.manifestFormat() == ManifestFormat.CSV ? manifest.sizeBytes() / SHORTEST_LINE_BYTES : 0;
    }

    /**
     * Refuses a job with a copy option whose restored copies would expire before the stack can copy them, as far as
     * the manifest's size tells (its objects are counted only once it is registered): the copy backlog, if every
     * restore completed at once, is planned against {@code expiration_days} ({@link CopyPlan}).
     */
    private void checkCopyTime(CreateJobRequest request, ManifestLocation manifest) {
        if (request.manifestFormat() != ManifestFormat.CSV) {
            return;
        }
        long objects = Math.max(1, manifest.sizeBytes() / OPTIMISTIC_LINE_BYTES);
        policy.checkCopyTime(request, objects, String.format(Locale.ROOT,
                "the manifest's objects (%,d or more, from its size)", objects), "give");
    }

    /**
     * Records a job that waits for confirmation (a source job, or a manifest job that asked for a quote), then asks
     * Batch Operations to count its objects. A failure of that request leaves the job recorded and waiting: the
     * monitor asks again.
     *
     * @param manifest the user's manifest, read and judged usable (a manifest job); empty for a source job, whose
     *                 objects will be listed where {@link Waiting#plannedListing} says
     */
    private Result createWaiting(CreateJobRequest request, Optional<String> idempotencyKey,
                                 Optional<ManifestLocation> manifest) {
        String bucket = request.bucketToCheck();
        if (!policy.allows(bucket)) {
            throw new ServiceException(ErrorCode.BUCKET_NOT_ALLOWED, "bucket '" + bucket
                    + "' is not in this stack's AllowedBuckets", "source.bucket", null);
        }
        if (waiting == null) {
            throw new ServiceException(ErrorCode.VALIDATION_FAILED, manifest.isPresent()
                    ? "this service does not quote manifest jobs" : "this service does not take source jobs",
                    manifest.isPresent() ? "confirm" : "source", null);
        }
        Instant now = clock.instant();
        JobId id = newJobId.get();
        Job candidate = Job.awaitingConfirmation(id, request, manifest.orElseGet(() -> waiting.plannedListing(id)), now,
                waiting.deadlineWhileWaiting(now), idempotencyKey.orElse(null));
        Result recorded = record(candidate, request, idempotencyKey);
        Job job = recorded.job();
        boolean created = recorded.created();
        if (job.status() == JobStatus.AWAITING_CONFIRMATION && job.batchJobId() == null) {
            try {
                job = waiting.sourceJobs().count(job);
            } catch (ServiceException e) {
                if (e.code() != ErrorCode.UPSTREAM_FAILED) {
                    jobs.recordFailed(job.id(), "S3 Batch Operations refused to list the objects: " + e.getMessage());
                    throw e;
                }
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED, e.getMessage() + "; job " + job.id()
                        + " is recorded and the monitor asks Batch Operations again within minutes: follow it with"
                        + " GET /jobs/" + job.id() + " (or cancel it) rather than creating it again", null, e);
            }
        }
        return new Result(job, created);
    }

    /**
     * Records the job, or finds the one an earlier request with the same Idempotency-Key recorded (it must have been
     * the same request).
     */
    private Result record(Job candidate, CreateJobRequest request, Optional<String> idempotencyKey) {
        return switch (jobs.create(candidate)) {
            case JobStore.CreateOutcome.Created c -> new Result(c.job(), true);
            case JobStore.CreateOutcome.KeyAlreadyUsed used -> {
                if (!used.existing().request().equals(request)) {
                    throw new ServiceException(ErrorCode.IDEMPOTENCY_CONFLICT, "Idempotency-Key '"
                            + idempotencyKey.orElseThrow() + "' was already used for job " + used.existing().id()
                            + " with a different request", "Idempotency-Key", null);
                }
                yield new Result(used.existing(), false);
            }
        };
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
        try {
            return submitJob.submit(job, columns, inventory);
        } catch (ServiceException e) {
            if (e.code() != ErrorCode.UPSTREAM_FAILED) {
                // Refused: leave no half-job behind, the record says why it failed and the client is told at once.
                jobs.recordFailed(job.id(), "creating the S3 Batch Operations job failed: " + e.getMessage());
                throw e;
            }
            // The job is recorded and stays SUBMITTING: the monitor finishes its submission (or the client's
            // retry with the same Idempotency-Key does). Say so, so the client does not create it twice.
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, e.getMessage() + "; job " + job.id()
                    + " is recorded and its submission will be finished by the monitor within minutes: follow it"
                    + " with GET /jobs/" + job.id() + " (or cancel it) rather than creating it again", null,
                    e);
        }
    }
}
