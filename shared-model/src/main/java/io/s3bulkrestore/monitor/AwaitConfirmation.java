package io.s3bulkrestore.monitor;

import io.s3bulkrestore.manifest.ManifestReaders;
import io.s3bulkrestore.jobs.BatchJobIds;
import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.manifest.ChunkLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.manifest.ManifestStore.ManifestChanged;
import io.s3bulkrestore.manifest.ManifestStore;
import io.s3bulkrestore.ports.ObjectSizes;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Map;

/**
 * The monitor's step for a job that waits for confirmation (status AwaitingConfirmation): make sure Batch
 * Operations was asked to count its objects; once every batch job has counted (Suspended, awaiting confirmation),
 * list the objects they found as one manifest and record the quote; then start the job once it is confirmed (or at
 * once with {@code confirm: auto}). It ends the job, without restoring anything, when the user cancels, when the
 * quote expires unconfirmed, when a batch job fails to list, or when counting takes past the job's deadline.
 */
public final class AwaitConfirmation {

    private static final Logger LOG = LoggerFactory.getLogger(AwaitConfirmation.class);

    /** Objects whose size is read for the quote, per storage class: all of them when there are no more. */
    public static final int DEFAULT_SIZE_SAMPLE = 100;

    private final MonitoredJobStore jobs;
    private final BatchOperations batch;
    private final SourceJobs sourceJobs;
    private final ManifestStore manifests;
    private final ObjectSizes sizes;
    private final QuoteCalculator calculator;
    private final Clock clock;
    private final Duration submitGrace;
    private final Duration quoteValidity;
    private final int sizeSample;
    private final ObjectArchiveStates classes;

    /**
     * @param batch         Batch Operations for groups ({@link io.s3bulkrestore.jobs.GroupedBatchOperations})
     * @param submitGrace   how long after creation the API may still be asking Batch Operations to count
     * @param quoteValidity how long a quote waits for confirmation before the job is cancelled
     */
    public AwaitConfirmation(MonitoredJobStore jobs, BatchOperations batch, SourceJobs sourceJobs, ManifestStore manifests,
                             ObjectSizes sizes, QuoteCalculator calculator, Clock clock, Duration submitGrace,
                             Duration quoteValidity, int sizeSample) {
        this(jobs, batch, sourceJobs, manifests, sizes, null, calculator, clock, submitGrace, quoteValidity, sizeSample);
    }

    /**
     * @param classes what HeadObject says of a manifest job's first objects (class, tier, size), for its quote; null
     *                where manifest jobs are not quoted (such a job then ends Failed, nothing restored)
     */
    public AwaitConfirmation(MonitoredJobStore jobs, BatchOperations batch, SourceJobs sourceJobs, ManifestStore manifests,
                             ObjectSizes sizes, ObjectArchiveStates classes, QuoteCalculator calculator, Clock clock,
                             Duration submitGrace, Duration quoteValidity, int sizeSample) {
        this.classes = classes;
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.sourceJobs = Objects.requireNonNull(sourceJobs, "sourceJobs");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.sizes = Objects.requireNonNull(sizes, "sizes");
        this.calculator = Objects.requireNonNull(calculator, "calculator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.submitGrace = Objects.requireNonNull(submitGrace, "submitGrace");
        this.quoteValidity = Objects.requireNonNull(quoteValidity, "quoteValidity");
        if (sizeSample < 1) {
            throw new IllegalArgumentException("the size sample must be positive");
        }
        this.sizeSample = sizeSample;
    }

    /**
     * One step for a waiting job. An ending is decided only while the job is unconfirmed
     * ({@link MonitoredJobStore#decideWaitingEnding}), and its batch jobs are cancelled only once it is: a confirm
     * that got in first wins, and the job starts instead.
     *
     * @return how the job ends (decided: nothing was restored), or empty while it waits or once it started
     */
    public Optional<Notice.Finish> step(Job job) {
        Instant now = clock.instant();
        if (job.cancelRequested() && job.confirmRequested()) {
            // Confirmed, then cancelled before it was recorded as started (a crash in between): its batch jobs may
            // have begun restoring, so it ends as a started job does, with every listed object in its report.
            return startOrWait(job);
        }
        if (job.cancelRequested()) {
            return end(job, new Notice.Finish(JobStatus.CANCELLED,
                    Optional.of("cancelled on request before it was confirmed; nothing was restored")));
        }
        if (job.batchJobId() == null) {
            // As for a manifest job's submission (MonitorJobs.SUBMIT_GIVE_UP): an hour of refusals or outages ends it.
            if (now.isAfter(job.createdAt().plus(MonitorJobs.SUBMIT_GIVE_UP))) {
                return end(job, new Notice.Finish(JobStatus.FAILED, Optional.of("S3 Batch Operations could not be"
                        + " asked to count the objects within " + MonitorJobs.SUBMIT_GIVE_UP.toMinutes()
                        + " minutes of the job's creation (see the monitor's log for the AWS request ids)")));
            }
            if (Duration.between(job.createdAt(), now).compareTo(submitGrace) >= 0) {
                countAgain(job);
            }
            return Optional.empty();
        }
        if (job.quote() == null) {
            Optional<Notice.Finish> ending = quoteOrEnding(job, now);
            if (ending.isPresent() || (job = reread(job)).quote() == null) {
                return ending;
            }
        }
        if (job.confirmRequested() || job.request().confirm() == io.s3bulkrestore.model.ConfirmMode.AUTO) {
            return startOrWait(job);
        }
        if (now.isAfter(job.quote().expiresAt())) {
            return end(job, new Notice.Finish(JobStatus.CANCELLED, Optional.of("the quote expired unconfirmed"
                    + " after " + quoteValidity.toDays() + " days (QuoteExpiryDays); nothing was restored")));
        }
        return Optional.empty();
    }

    /** Decides the ending of an unconfirmed job, then stops its batch jobs; empty when a confirm got in first. */
    private Optional<Notice.Finish> end(Job job, Notice.Finish ending) {
        Optional<Notice.Finish> decided = jobs.decideWaitingEnding(job.id(), ending);
        decided.ifPresent(ignored -> stopCounting(job));
        return decided;
    }

    /**
     * Starts a confirmed job. An AWS call that failed is tried again next tick, until the job's deadline; a listing
     * that cannot be read (it is read before the batch jobs are confirmed, so nothing has run) ends it Failed.
     */
    private Optional<Notice.Finish> startOrWait(Job job) {
        String problem;
        try {
            sourceJobs.start(job);
            return Optional.empty();
        } catch (ServiceException e) {
            if (e.code() == ErrorCode.UPSTREAM_FAILED && !clock.instant().isAfter(job.deadline())) {
                LOG.warn("Job {} is confirmed but could not be started this tick; retried next tick: {}", job.id(),
                        e.getMessage());
                return Optional.empty();
            }
            problem = e.getMessage();
        } catch (ManifestChanged e) {
            problem = e.getMessage();
        }
        Notice.Finish decided = jobs.decideTerminal(job.id(), new Notice.Finish(JobStatus.FAILED,
                Optional.of("the job was confirmed but could not be started: " + problem)));
        stopCounting(job);
        return Optional.of(decided);
    }

    private void countAgain(Job job) {
        try {
            sourceJobs.count(job);
        } catch (ServiceException e) {
            LOG.warn("Job {}: Batch Operations could not be asked to count its objects; retried next tick: {}",
                    job.id(), e.getMessage());
        }
    }

    /** Records the quote once every batch job has counted; an ending when one cannot. */
    private Optional<Notice.Finish> quoteOrEnding(Job job, Instant now) {
        List<String> ids = BatchJobIds.split(job.batchJobId());
        List<BatchJobState> states = new ArrayList<>();
        for (String id : ids) {
            states.add(batch.describe(id));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            BatchJobState state = states.get(i);
            if (state.isTerminal() && !isEmptyClass(state)) {
                failures.add("batch job " + ids.get(i) + " is " + state.status()
                        + (state.failureReasons().isEmpty() ? "" : ": " + String.join("; ", state.failureReasons())));
            }
        }
        if (!failures.isEmpty()) {
            return end(job, new Notice.Finish(JobStatus.FAILED, Optional.of("S3 Batch Operations could not list"
                    + " the objects: " + String.join("; ", failures))));
        }
        if (!states.stream().allMatch(state -> state.awaitsConfirmation() || isEmptyClass(state))) {
            if (now.isAfter(job.deadline())) {
                return end(job, new Notice.Finish(JobStatus.TIMEOUT, Optional.of("S3 Batch Operations had not"
                        + " counted the objects by " + job.deadline())));
            }
            return Optional.empty(); // still listing
        }
        if (job.request().sourceValue().isEmpty()) {
            if (classes == null) {
                return end(job, new Notice.Finish(JobStatus.FAILED, Optional.of("this monitor cannot quote manifest"
                        + " jobs; nothing was restored")));
            }
            recordManifestQuote(job, states.get(0), now);
        } else {
            recordQuote(job, ids, states, now);
        }
        return Optional.empty();
    }

    /**
     * The quote of a manifest job: its object count is exact (the batch job's tasks, one per manifest line), its
     * classes and bytes are those of the manifest's first {@link #sizeSample} objects (HeadObject: class, tier and
     * size), scaled to the count; exact only when the sample is the whole manifest. Objects not archived take no
     * class (they are skipped when restored, at no cost but Batch Operations' per-object fee).
     */
    private void recordManifestQuote(Job job, BatchJobState state, Instant now) {
        List<ObjectId> sample = firstObjects(job);
        Map<ObjectId, ObjectArchiveState> answered = classes.statesOf(sample);
        long tasks = state.totalTasks();
        Map<SourceStorageClass, long[]> perClass = new java.util.EnumMap<>(SourceStorageClass.class);
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
        java.util.LinkedHashSet<ObjectId> sample = new java.util.LinkedHashSet<>();
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

    /** How much of a CSV manifest is read for its first objects: 100 lines of up to 2.5 KiB each. */
    static final long FIRST_CSV_BYTES = 256 * 1024;

    private void collect(ManifestChunkReader reader, java.util.Set<ObjectId> sample) {
        while (reader.hasNext() && sample.size() < sizeSample) {
            ChunkLine line = reader.next();
            if (line.record() instanceof ManifestRecord.Entry entry) {
                sample.add(entry.object());
            }
        }
    }

    /**
     * A batch job whose generator found no object and that completed on its own: its class is empty. Whether AWS
     * completes such a job or leaves it Suspended with no task is not documented; either is an empty class here. A
     * job that Failed stays a failure, with its reasons.
     */
    private static boolean isEmptyClass(BatchJobState state) {
        return state.status().equals("Complete") && state.totalTasks() == 0;
    }

    private void recordQuote(Job job, List<String> ids, List<BatchJobState> states, Instant now) {
        List<SourceStorageClass> classes = job.request().source().storageClasses();
        List<InventoryManifest> listings = new ArrayList<>();
        List<QuoteCalculator.ClassCount> counts = new ArrayList<>();
        int sampled = 0;
        for (int i = 0; i < ids.size(); i++) {
            BatchJobState state = states.get(i);
            Optional<InventoryManifest> listing = listingOf(state);
            listing.ifPresent(listings::add);
            Sizes classSizes = listing.map(l -> sizesOf(l, state.totalTasks())).orElse(Sizes.NONE);
            sampled += classSizes.asked();
            counts.add(new QuoteCalculator.ClassCount(classes.get(i), ids.get(i), state.totalTasks(),
                    classSizes.bytes(), classSizes.exact(state.totalTasks())));
        }
        ManifestLocation listed = writeListing(job, listings);
        long objects = counts.stream().mapToLong(QuoteCalculator.ClassCount::objects).sum();
        boolean exact = counts.stream().allMatch(QuoteCalculator.ClassCount::bytesExact);
        String method = exact
                ? "exact: the size of every object (HeadObject on each of " + objects + ")"
                : "estimated: the mean size of the first " + sizeSample + " objects Batch Operations listed in each"
                + " storage class (HeadObject on " + sampled + " of " + objects + "), times the class's exact object"
                + " count; the generated manifest carries no sizes";
        Quote quote = calculator.quote(job.request().tier(), counts, method, now, quoteValidity);
        jobs.recordQuote(job.id(), quote, listed);
        LOG.info("Job {}: quote ready: {} objects, {} bytes ({}), ${} in all", job.id(), quote.objects(),
                quote.bytes(), exact ? "exact" : "estimated", quote.totalUsd());
    }

    private Optional<InventoryManifest> listingOf(BatchJobState state) {
        if (state.generatedManifest().isEmpty()) {
            if (state.totalTasks() > 0) {
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "a batch job counted " + state.totalTasks()
                        + " objects but names no generated manifest");
            }
            return Optional.empty();
        }
        BatchJobState.ObjectLocation at = state.generatedManifest().get();
        ManifestLocation location = manifests.head(at.bucket(), at.key()).orElseThrow(() -> new ServiceException(
                ErrorCode.UPSTREAM_FAILED, "the generated manifest s3://" + at.bucket() + "/" + at.key()
                + " does not exist"));
        return Optional.of(manifests.inventory(location));
    }

    /** One manifest listing every data file of every class, where the job's planned manifest is. */
    private ManifestLocation writeListing(Job job, List<InventoryManifest> listings) {
        ManifestLocation planned = job.manifest();
        List<InventoryManifest.DataFile> files = new ArrayList<>();
        String bucket = listings.isEmpty() ? planned.bucket() : listings.get(0).destinationBucket();
        String schema = listings.isEmpty() ? "Bucket, Key" : listings.get(0).fileSchema();
        for (InventoryManifest listing : listings) {
            if (!listing.destinationBucket().equals(bucket) || !listing.columns().equals(listings.get(0).columns())) {
                throw new IllegalStateException("job " + job.id() + ": the generated manifests differ in bucket or"
                        + " schema (" + listing.destinationBucket() + ", " + listing.fileSchema() + ")");
            }
            files.addAll(listing.files());
        }
        return manifests.writeInventory(planned.bucket(), planned.key(), new InventoryManifest(bucket, "CSV", schema,
                files));
    }

    private record Sizes(long bytes, int asked, int known) {
        static final Sizes NONE = new Sizes(0, 0, 0);

        boolean exact(long objects) {
            return known == objects;
        }
    }

    /** The bytes of a class: every object's size when it has no more than the sample, else an estimate. */
    private Sizes sizesOf(InventoryManifest listing, long objects) {
        List<ObjectId> sample = new ArrayList<>();
        for (InventoryManifest.DataFile file : listing.files()) {
            try (ManifestChunkReader reader = ManifestReaders.inventoryDataFile(manifests, listing, file.key())) {
                while (reader.hasNext() && sample.size() < sizeSample) {
                    ChunkLine line = reader.next();
                    if (line.record() instanceof ManifestRecord.Entry entry) {
                        sample.add(entry.object());
                    }
                }
            }
            if (sample.size() >= sizeSample) {
                break;
            }
        }
        Map<ObjectId, Long> answered = sizes.sizesOf(sample);
        long bytes = answered.values().stream().mapToLong(Long::longValue).sum();
        int known = answered.size();
        if (known == objects) {
            return new Sizes(bytes, sample.size(), known);
        }
        long estimate = known == 0 ? 0 : Math.round((double) bytes / known * objects);
        return new Sizes(estimate, sample.size(), known);
    }

    /** Cancels the batch jobs that count (or wait with) the job's objects, so nothing is restored. */
    private void stopCounting(Job job) {
        if (job.batchJobId() != null) {
            batch.cancel(job.batchJobId());
        }
    }

    private Job reread(Job job) {
        return jobs.find(job.id()).orElseThrow();
    }
}
