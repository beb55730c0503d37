package io.s3bulkrestore.jobs;

import io.s3bulkrestore.ingest.IngestPlan;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreSource;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ingest.IngestQueue;
import io.s3bulkrestore.ports.JobStore;
import io.s3bulkrestore.manifest.ManifestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The two steps of a job that waits for confirmation, each safe to repeat and shared by the API and the monitor:
 * {@link #count} asks Batch Operations to select and count the source's objects (one batch job per storage class,
 * created with ConfirmationRequired, so nothing is restored yet), or, for a manifest job that asked for a quote, to
 * count its manifest's lines (one batch job over it, ConfirmationRequired too), and {@link #start} confirms those batch jobs and
 * queues the registration of the objects they listed. A crash between any two calls leaves a state from which the
 * next call (the client's retry, or the monitor) goes on: batch jobs are found again by their tokens, confirming
 * twice is harmless, and a chunk ingested twice registers nothing twice.
 */
public final class SourceJobs {

    private static final Logger LOG = LoggerFactory.getLogger(SourceJobs.class);

    private final JobStore jobs;
    private final BatchOperations batch;
    private final ManifestStore manifests;
    private final IngestQueue ingestQueue;
    private final JobPolicy policy;
    private final Clock clock;
    private final long chunkBytes;

    /** One for source jobs only: a manifest job that waits for confirmation cannot be started by it. */
    public SourceJobs(JobStore jobs, BatchOperations batch, ManifestStore manifests, IngestQueue ingestQueue,
                      JobPolicy policy, Clock clock) {
        this(jobs, batch, manifests, ingestQueue, policy, clock, 0);
    }

    /**
     * @param batch      Batch Operations for groups of batch jobs ({@link GroupedBatchOperations})
     * @param chunkBytes the size of one CSV manifest chunk (one ingest task, {@link IngestPlan}): the stack's, so a
     *                   manifest job that waited is planned as any other manifest job
     */
    public SourceJobs(JobStore jobs, BatchOperations batch, ManifestStore manifests, IngestQueue ingestQueue,
                      JobPolicy policy, Clock clock, long chunkBytes) {
        this.chunkBytes = chunkBytes;
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.ingestQueue = Objects.requireNonNull(ingestQueue, "ingestQueue");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the batch jobs that select and count the source's objects, one per storage class, and records them.
     *
     * @throws ServiceException UPSTREAM_FAILED when Batch Operations could not be asked (the job keeps waiting, and
     *         a later call creates what is missing), or as Batch Operations refused the request
     */
    public Job count(Job job) {
        if (job.request().sourceValue().isEmpty()) {
            return countManifest(job);
        }
        RestoreSource source = job.request().source();
        List<String> ids = new ArrayList<>();
        for (SourceStorageClass storageClass : source.storageClasses()) {
            ids.add(batch.createSourceJob(job, storageClass));
        }
        Job counting = jobs.recordSourceJobs(job.id(), BatchJobIds.join(ids));
        LOG.info("job {}: Batch Operations jobs {} select and count the objects of {} ({})", job.id(), ids,
                source.uri(), source.storageClasses());
        return counting;
    }

    /**
     * A manifest job that asked for a quote: one batch job over the user's manifest, created with ConfirmationRequired
     * ({@link BatchOperations#createRestoreJob} honours the job's confirm mode), counts its lines as tasks. Its token
     * is the job id, as for any manifest job, so asking again finds the same batch job.
     */
    private Job countManifest(Job job) {
        Optional<ManifestColumns> columns = job.request().manifestFormat() == ManifestFormat.CSV
                ? Optional.of(manifests.csvColumns(job.manifest()))
                : Optional.empty();
        String batchJobId = batch.createRestoreJob(job, columns);
        Job counting = jobs.recordSourceJobs(job.id(), batchJobId);
        LOG.info("job {}: Batch Operations job {} counts the lines of {} and waits for confirmation", job.id(),
                batchJobId, job.manifest().uri());
        return counting;
    }

    /** The stack's rules for jobs (allowed buckets, deadlines, copy time), which a confirm checks too. */
    JobPolicy policy() {
        return policy;
    }

    /**
     * Starts a job whose quote is ready: confirms its batch jobs (so they restore what they listed), queues the
     * registration of the listed objects, then records it as RESTORING, with a deadline counted from now.
     *
     * @throws ServiceException INVALID_STATE when it has no quote yet; VALIDATION_FAILED when it copies and its
     *         restored copies would expire before its quote's objects could be copied; UPSTREAM_FAILED when an AWS
     *         call failed (the job keeps waiting, confirmed, and the monitor starts it)
     */
    public Job start(Job job) {
        if (job.status() != JobStatus.AWAITING_CONFIRMATION) {
            return job;
        }
        if (job.quote() == null || job.batchJobId() == null) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + job.id()
                    + " has no quote yet: Batch Operations is still counting its objects; confirm it once"
                    + " GET /jobs/" + job.id() + " shows Quote.Ready true");
        }
        // A job that copies and was started without a confirm (confirm: auto) meets the check ConfirmJob makes:
        // it ends Failed (the monitor's ending of a job that cannot start) before anything is spent.
        policy.checkCopyTime(job.request(), job.quote().objects(), String.format(Locale.ROOT,
                "the quote's %,d objects", job.quote().objects()), "create the job again with");
        // The listing is read before anything runs: a job whose listing cannot be read is never confirmed.
        List<IngestTask> tasks = plan(job);
        batch.confirm(job.batchJobId());
        ingestQueue.enqueue(tasks);
        Instant now = clock.instant();
        Job started = jobs.recordStarted(job.id(), job.batchJobId(), tasks.size(), policy.deadlineFor(job.request(),
                now, job.quote().objects()));
        LOG.info("job {} confirmed: batch jobs {} restore its {} objects, queued as {} ingest chunk(s)", job.id(),
                job.batchJobId(), job.quote().objects(), tasks.size());
        return started;
    }

    private List<IngestTask> plan(Job job) {
        ManifestLocation listed = job.manifest();
        if (job.request().sourceValue().isEmpty() && job.request().manifestFormat() == ManifestFormat.CSV) {
            if (chunkBytes <= 0) {
                throw new IllegalStateException("job " + job.id() + " is a manifest job: this SourceJobs was built"
                        + " without the stack's chunk size and cannot plan its ingestion");
            }
            return IngestPlan.csv(job.id(), listed, chunkBytes);
        }
        InventoryManifest inventory = manifests.inventory(listed);
        return IngestPlan.inventory(job.id(), inventory);
    }
}
