package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.manifest.ChunkLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestReaders;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.manifest.ManifestStore;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a manifest job that waits for confirmation is quoted once its one batch job counted the manifest's lines: the
 * count is exact, the storage classes and bytes come from HeadObject on the manifest's first objects, scaled to the
 * count (a manifest carries neither). {@link AwaitConfirmation} decides when a quote is due.
 */
final class QuoteManifestJob {

    private static final Logger LOG = LoggerFactory.getLogger(QuoteManifestJob.class);

    /** How much of a CSV manifest is read for its first objects: 100 lines of up to 2.5 KiB each. */
    static final long FIRST_CSV_BYTES = 256 * 1024;

    private final MonitoredJobStore jobs;
    private final ManifestStore manifests;
    private final ObjectArchiveStates classes;
    private final QuoteCalculator calculator;
    private final Duration quoteValidity;
    private final int sizeSample;

    QuoteManifestJob(MonitoredJobStore jobs, ManifestStore manifests, ObjectArchiveStates classes,
                     QuoteCalculator calculator, Duration quoteValidity, int sizeSample) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.classes = Objects.requireNonNull(classes, "classes");
        this.calculator = Objects.requireNonNull(calculator, "calculator");
        this.quoteValidity = Objects.requireNonNull(quoteValidity, "quoteValidity");
        this.sizeSample = sizeSample;
    }

    /**
     * The quote of a manifest job: its object count is exact (the batch job's tasks, one per manifest line), its
     * classes and bytes are those of the manifest's first {@link #sizeSample} objects (HeadObject: class, tier and
     * size), scaled to the count; exact only when the sample is the whole manifest. Objects not archived take no
     * class (they are skipped when restored, at no cost but Batch Operations' per-object fee).
     */
    void quote(Job job, BatchJobState state, Instant now) {
        List<ObjectId> sample = firstObjects(job);
        Map<ObjectId, ObjectArchiveState> answered = classes.statesOf(sample);
        long tasks = state.totalTasks();
        Map<SourceStorageClass, long[]> perClass = new EnumMap<>(SourceStorageClass.class);
        int notArchived = 0;
        for (ObjectArchiveState object : answered.values()) {
            Optional<SourceStorageClass> archive = sourceClassOf(object.archive());
            if (archive.isEmpty()) {
                notArchived++;
                continue;
            }
            long[] countAndBytes = perClass.computeIfAbsent(archive.get(), c -> new long[2]);
            countAndBytes[0]++;
            countAndBytes[1] += object.size();
        }
        boolean exact = answered.size() == tasks && sample.size() == tasks;
        List<QuoteCalculator.ClassCount> counts = new ArrayList<>();
        for (var entry : perClass.entrySet()) {
            long sampled = entry.getValue()[0];
            long objects = exact ? sampled : Math.round((double) tasks * sampled / answered.size());
            long bytes = exact ? entry.getValue()[1] : Math.round((double) entry.getValue()[1] / sampled * objects);
            counts.add(new QuoteCalculator.ClassCount(entry.getKey(), job.batchJobId(), objects, bytes, exact));
        }
        String method = exact
                ? "exact: the class and size of every object (HeadObject on each of " + tasks + ")"
                + (notArchived == 0 ? "" : "; " + notArchived + " not archived (skipped, nothing to restore)")
                : "estimated: the storage classes and mean sizes of the manifest's first " + sample.size()
                + " objects (HeadObject on " + sample.size() + ", " + answered.size() + " answered, " + notArchived
                + " not archived), scaled to the exact count of " + tasks + " manifest lines Batch Operations counted;"
                + " a manifest carries neither classes nor sizes";
        // One batch job, and a second when Intelligent-Tiering archive objects are restored after Glacier ones
        int batchJobs = job.request().storage().takesExpirationDays()
                && perClass.containsKey(SourceStorageClass.INTELLIGENT_TIERING) ? 2 : 1;
        Quote quote = calculator.quoteManifest(job.request().tier(), tasks, counts, batchJobs, method, now,
                quoteValidity);
        jobs.recordQuote(job.id(), quote, job.manifest());
        LOG.info("Job {}: quote of its manifest ready: {} objects, {} bytes ({}), ${} in all", job.id(),
                quote.objects(), quote.bytes(), exact ? "exact" : "estimated", quote.totalUsd());
    }

    private static Optional<SourceStorageClass> sourceClassOf(ArchiveClass archive) {
        return switch (archive) {
            case GLACIER -> Optional.of(SourceStorageClass.GLACIER);
            case DEEP_ARCHIVE -> Optional.of(SourceStorageClass.DEEP_ARCHIVE);
            case INTELLIGENT_TIERING_ARCHIVE_ACCESS, INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS ->
                    Optional.of(SourceStorageClass.INTELLIGENT_TIERING);
            case NOT_ARCHIVED -> Optional.empty();
        };
    }

    /** The manifest's first {@link #sizeSample} objects, distinct, in manifest order. */
    private List<ObjectId> firstObjects(Job job) {
        LinkedHashSet<ObjectId> sample = new LinkedHashSet<>();
        if (job.request().manifestFormat() == ManifestFormat.CSV) {
            long end = Math.min(job.manifest().sizeBytes(), FIRST_CSV_BYTES);
            try (ManifestChunkReader reader = ManifestReaders.csv(manifests, job, new ManifestChunk(0, 0, end))) {
                collect(reader, sample);
            }
        } else {
            InventoryManifest inventory = manifests.inventory(job.manifest());
            for (InventoryManifest.DataFile file : inventory.files()) {
                try (ManifestChunkReader reader = ManifestReaders.inventoryDataFile(manifests, inventory, file.key())) {
                    collect(reader, sample);
                }
                if (sample.size() >= sizeSample) {
                    break;
                }
            }
        }
        return List.copyOf(sample);
    }

    private void collect(ManifestChunkReader reader, Set<ObjectId> sample) {
        while (reader.hasNext() && sample.size() < sizeSample) {
            ChunkLine line = reader.next();
            if (line.record() instanceof ManifestRecord.Entry entry) {
                sample.add(entry.object());
            }
        }
    }
}
