package io.s3bulkrestore.jobs;

import io.s3bulkrestore.ingest.IngestPlan;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ingest.IngestQueue;
import io.s3bulkrestore.ports.JobStore;
import io.s3bulkrestore.manifest.ManifestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes a recorded job from SUBMITTING to RESTORING: creates its Batch Operations job, queues its manifest's
 * ingestion (one task per chunk, see {@link IngestPlan}), and only then records it as submitted. Every step is
 * safe to repeat: the job id is Batch Operations' idempotency token (a second call finds the same batch job),
 * and ingesting a chunk twice registers nothing twice. So both the API (on a client's retry) and the monitor
 * (for a job that a crash or a failed enqueue left SUBMITTING) can finish a submission, any number of times.
 */
public final class SubmitJob {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitJob.class);

    private final JobStore jobs;
    private final ManifestStore manifests;
    private final BatchOperations batch;
    private final IngestQueue ingestQueue;
    private final long chunkBytes;

    /**
     * @param chunkBytes the size of one CSV manifest chunk (one ingest task); see {@link IngestPlan}
     */
    public SubmitJob(JobStore jobs, ManifestStore manifests, BatchOperations batch, IngestQueue ingestQueue,
                     long chunkBytes) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.ingestQueue = Objects.requireNonNull(ingestQueue, "ingestQueue");
        this.chunkBytes = chunkBytes;
    }

    /**
     * Submits a job whose manifest was just read and judged usable (its CSV columns, or its inventory).
     *
     * @throws ServiceException when Batch Operations rejects the job or an AWS call fails (UPSTREAM_FAILED: the
     *         batch job may or may not exist, and a later call with the same job finds it); the job stays
     *         SUBMITTING either way, and the caller decides how it ends
     */
    public Job submit(Job job, Optional<ManifestColumns> columns, Optional<InventoryManifest> inventory) {
        String batchJobId = batch.createRestoreJob(job, columns);
        // Queue the ingestion before recording the job as submitted: a crash in between leaves it SUBMITTING,
        // and whoever resumes it queues the tasks again.
        List<IngestTask> tasks = plan(job, inventory);
        ingestQueue.enqueue(tasks);
        Job submitted = jobs.recordSubmitted(job.id(), batchJobId, tasks.size());
        LOG.info("job {} submitted as batch job {}, manifest queued as {} ingest chunk(s)", job.id(), batchJobId,
                tasks.size());
        return submitted;
    }

    /**
     * Finishes the submission of a job left SUBMITTING: reads its manifest again (pinned to the ETag the job
     * recorded), then submits it as {@link #submit} does.
     *
     * @throws ServiceException MANIFEST_UNAVAILABLE when the manifest can no longer be read as it was; UPSTREAM_FAILED
     *         when an AWS call failed (try again later)
     */
    public Job resume(Job job) {
        if (job.request().manifestFormat() == ManifestFormat.INVENTORY) {
            InventoryManifest inventory;
            try {
                inventory = manifests.inventory(job.manifest());
            } catch (ManifestStore.ManifestChanged e) {
                throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "the manifest " + job.manifest().uri()
                        + " changed after the job was created", "key", null);
            }
            return submit(job, Optional.empty(), Optional.of(inventory));
        }
        return submit(job, Optional.of(manifests.csvColumns(job.manifest())), Optional.empty());
    }

    /** Where the manifests of the jobs it submits are read from. */
    public ManifestStore manifests() {
        return manifests;
    }

    /**
     * Where each of these chunks of the job's manifest lies, for a person: the byte range of a CSV chunk (its
     * lines are those that start in it), the data file of an inventory report.
     */
    public String describeChunks(Job job, List<Long> chunks) {
        List<String> described = new java.util.ArrayList<>();
        for (IngestTask task : plannedAsSubmitted(job)) {
            if (chunks.contains((long) task.chunkNumber())) {
                described.add(switch (task) {
                    case IngestTask.CsvChunk csv -> "chunk " + csv.chunkNumber() + " (lines starting in bytes "
                            + csv.chunk().start() + "-" + (csv.chunk().end() - 1) + ")";
                    case IngestTask.InventoryFile file -> "chunk " + file.chunkNumber() + " (data file " + file.key() + ")";
                });
            }
        }
        return String.join(", ", described);
    }

    /**
     * The job's tasks as they were planned at submission. The plan depends on the chunk size this stack is
     * configured with; a plan of another number of chunks means the size changed since, and its chunks would not
     * be the job's.
     */
    private List<IngestTask> plannedAsSubmitted(Job job) {
        Optional<InventoryManifest> inventory = job.request().manifestFormat() == ManifestFormat.INVENTORY
                ? Optional.of(manifests.inventory(job.manifest()))
                : Optional.empty();
        List<IngestTask> tasks = plan(job, inventory);
        if (job.chunkCount() != null && tasks.size() != job.chunkCount()) {
            throw new ServiceException(ErrorCode.INVALID_STATE, "job " + job.id() + " was planned as "
                    + job.chunkCount() + " manifest chunks, but the stack's ManifestChunkBytes now plans "
                    + tasks.size() + ": its chunks cannot be planned again; restore its missing objects with a new job");
        }
        return tasks;
    }

    /** The job's ingest tasks, as its manifest was planned: the same every time for the same manifest. */
    private List<IngestTask> plan(Job job, Optional<InventoryManifest> inventory) {
        return inventory.isPresent()
                ? IngestPlan.inventory(job.id(), inventory.get())
                : IngestPlan.csv(job.id(), job.manifest(), chunkBytes);
    }

    /**
     * Queues again the ingest tasks of a submitted job's chunks that have no summary yet (a chunk that went
     * to the ingest DLQ, or whose message was lost). Safe to repeat: a chunk ingested twice registers nothing
     * twice. Returns how many tasks were queued.
     */
    public int redriveIngest(Job job, List<Long> chunksWithoutSummary) {
        List<IngestTask> tasks = plannedAsSubmitted(job).stream()
                .filter(task -> chunksWithoutSummary.contains((long) task.chunkNumber()))
                .toList();
        if (!tasks.isEmpty()) {
            ingestQueue.enqueue(tasks);
        }
        LOG.info("job {}: {} ingest chunk(s) queued again", job.id(), tasks.size());
        return tasks.size();
    }
}
