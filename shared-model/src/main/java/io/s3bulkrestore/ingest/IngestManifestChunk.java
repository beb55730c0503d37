package io.s3bulkrestore.ingest;

import io.s3bulkrestore.manifest.ChunkLine;
import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestReaders;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.ports.JobStore;
import io.s3bulkrestore.manifest.ManifestStore;
import io.s3bulkrestore.ports.RestoreEventRouting;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.s3bulkrestore.model.JobLogContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Ingests one chunk of a job's manifest (DESIGN §1, §3): streams exactly the lines the chunk owns,
 * registers each object named by a valid line in batches, makes sure every bucket seen routes its restore
 * events to this stack, then writes the chunk's summary once.
 *
 * <p>Safe to run any number of times for the same task, concurrently or after a crash at any point:
 * registration never counts an object twice and the summary is written only by the first attempt that
 * gets that far. The summary is written last, so a job's total is only known once every object of every
 * chunk is registered and every bucket is routed.
 */
public final class IngestManifestChunk {

    private static final Logger LOG = LoggerFactory.getLogger(IngestManifestChunk.class);

    /** Entries registered per ledger call: bounds memory whatever the chunk size. */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final JobStore jobs;
    private final ManifestStore manifests;
    private final RegisterManifestObjects registration;
    private final RestoreEventRouting routing;
    private final Set<String> allowedBuckets;
    private final int batchSize;

    public IngestManifestChunk(JobStore jobs, ManifestStore manifests, RegisterManifestObjects registration,
                               RestoreEventRouting routing, Set<String> allowedBuckets) {
        this(jobs, manifests, registration, routing, allowedBuckets, DEFAULT_BATCH_SIZE);
    }

    public IngestManifestChunk(JobStore jobs, ManifestStore manifests, RegisterManifestObjects registration,
                               RestoreEventRouting routing, Set<String> allowedBuckets, int batchSize) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.registration = Objects.requireNonNull(registration, "registration");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.allowedBuckets = Set.copyOf(allowedBuckets);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** What ingesting a task did. */
    public sealed interface Outcome {
        /** The chunk is ingested; {@code summaryWritten} is false when an earlier attempt wrote it. */
        record Ingested(ChunkSummary summary, boolean summaryWritten) implements Outcome {
        }

        /** Nothing to do: the job is unknown or already finished. */
        record Skipped(String why) implements Outcome {
        }

        /** The job cannot be ingested: its failure was asked for with this reason (the monitor ends it). */
        record JobFailed(String reason) implements Outcome {
        }
    }

    /**
     * @throws RuntimeException when a store or S3 fails: nothing is lost, the task is to be retried
     */
    public Outcome ingest(IngestTask task) {
        // Every log line about the task names its job (a "jobId" field in the functions' JSON logs).
        try (MDC.MDCCloseable ignored = MDC.putCloseable(JobLogContext.KEY, task.job().value())) {
            return ingestInContext(task);
        }
    }

    private Outcome ingestInContext(IngestTask task) {
        Job job = jobs.find(task.job()).orElse(null);
        if (job == null) {
            LOG.warn("ingest task for unknown job {} (chunk {}) skipped", task.job(), task.chunkNumber());
            return new Outcome.Skipped("unknown job");
        }
        if (job.status().isTerminal()) {
            LOG.info("ingest task for job {} chunk {} skipped: the job is {}", job.id(), task.chunkNumber(),
                    job.status());
            return new Outcome.Skipped("job is " + job.status().displayName());
        }
        try {
            return ingest(job, task);
        } catch (ManifestStore.ManifestChanged e) {
            String reason = "the manifest " + job.manifest().uri() + " was changed or deleted after the job was "
                    + "created, so its objects can no longer be read as they were; create a new job";
            LOG.warn("job {} chunk {}: {}", job.id(), task.chunkNumber(), e.getMessage());
            jobs.requestFailure(job.id(), reason);
            return new Outcome.JobFailed(reason);
        }
    }

    private Outcome ingest(Job job, IngestTask task) {
        ChunkIngestion ingestion = new ChunkIngestion(job, task.chunkNumber());
        try (ManifestChunkReader reader = open(job, task)) {
            while (reader.hasNext()) {
                ingestion.accept(reader.next());
            }
            ingestion.flush();
            ingestion.lines = reader.linesRead();
        }
        for (String bucket : ingestion.buckets) {
            if (routing.ensureRouted(bucket) instanceof RestoreEventRouting.Outcome.Conflict conflict) {
                String reason = "restore events of bucket " + bucket + " cannot be routed to this stack: "
                        + conflict.reason();
                LOG.warn("job {} failed: {}", job.id(), reason);
                jobs.requestFailure(job.id(), reason);
                return new Outcome.JobFailed(reason);
            }
        }
        ChunkSummary summary = new ChunkSummary(task.chunkNumber(), ingestion.objects, ingestion.lines,
                ingestion.invalid, ingestion.samples);
        boolean written = registration.summarize(job, summary);
        LOG.info("job {} chunk {} ingested: {} lines, {} new objects, {} invalid lines, {} bucket(s){}", job.id(),
                task.chunkNumber(), summary.lines(), summary.objects(), summary.invalidLines(),
                ingestion.buckets.size(), written ? "" : " (summary already written by an earlier attempt)");
        return new Outcome.Ingested(summary, written);
    }

    private ManifestChunkReader open(Job job, IngestTask task) {
        return switch (task) {
            case IngestTask.CsvChunk csv -> ManifestReaders.csv(manifests, job, csv.chunk());
            case IngestTask.InventoryFile file -> ManifestReaders.inventoryFile(manifests, job, file.fileIndex(), file.key());
        };
    }

    /** The running state of one chunk: the batch being filled, counts, samples, buckets seen. */
    private final class ChunkIngestion {
        private final Job job;
        private final int chunk;
        private final List<ChunkEntry> batch = new ArrayList<>();
        private final Set<String> buckets = new LinkedHashSet<>();
        private final List<ChunkSummary.InvalidLine> samples = new ArrayList<>();
        private long objects;
        private long invalid;
        private long lines;

        ChunkIngestion(Job job, int chunk) {
            this.job = job;
            this.chunk = chunk;
        }

        void accept(ChunkLine line) {
            switch (line.record()) {
                case ManifestRecord.Entry entry -> {
                    String bucket = entry.object().bucket();
                    if (!allowedBuckets.contains(bucket)) {
                        invalid(entry.lineNumber(), "bucket " + bucket + " is not in this stack's AllowedBuckets");
                        return;
                    }
                    buckets.add(bucket);
                    batch.add(ChunkEntry.of(entry, line.byteOffset()));
                    if (batch.size() >= batchSize) {
                        flush();
                    }
                }
                case ManifestRecord.Invalid bad -> invalid(bad.lineNumber(), bad.reason());
            }
        }

        private void invalid(long lineInChunk, String reason) {
            invalid++;
            if (samples.size() < ChunkSummary.MAX_SAMPLES) {
                samples.add(new ChunkSummary.InvalidLine(lineInChunk, reason));
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                objects += registration.register(job, chunk, List.copyOf(batch));
                batch.clear();
            }
        }
    }
}
