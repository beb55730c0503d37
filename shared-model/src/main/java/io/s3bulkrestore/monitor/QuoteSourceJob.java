package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.manifest.ChunkLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestReaders;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.manifest.ManifestStore;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.ObjectSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a source job (a bucket, prefixes and filters) that waits for confirmation is quoted once Batch Operations'
 * manifest generator listed each storage class with a batch job of its own: the counts are exact, the bytes come
 * from the sizes of each class's first objects, and the classes' listings become the one manifest the job restores
 * from. {@link AwaitConfirmation} decides when a quote is due.
 */
final class QuoteSourceJob {

    private static final Logger LOG = LoggerFactory.getLogger(QuoteSourceJob.class);

    private final MonitoredJobStore jobs;
    private final ManifestStore manifests;
    private final ObjectSizes sizes;
    private final QuoteCalculator calculator;
    private final Duration quoteValidity;
    private final int sizeSample;

    QuoteSourceJob(MonitoredJobStore jobs, ManifestStore manifests, ObjectSizes sizes, QuoteCalculator calculator,
                   Duration quoteValidity, int sizeSample) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.sizes = Objects.requireNonNull(sizes, "sizes");
        this.calculator = Objects.requireNonNull(calculator, "calculator");
        this.quoteValidity = Objects.requireNonNull(quoteValidity, "quoteValidity");
        this.sizeSample = sizeSample;
    }

    /**
     * The quote of a source job, one batch job per storage class ({@code ids}, {@code states} in the order of the
     * request's classes): exact counts, sizes from each class's first objects; the classes' listings become one
     * manifest where the job's planned manifest is.
     */
    void quote(Job job, List<String> ids, List<BatchJobState> states, Instant now) {
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
}
