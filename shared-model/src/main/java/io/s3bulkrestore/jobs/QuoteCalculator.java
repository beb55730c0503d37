package io.s3bulkrestore.jobs;

import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.RetrievalPrices;
import io.s3bulkrestore.restore.RetrievalTier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices what a job will restore (DESIGN §2, issue "Restore a prefix"): per storage class the restore requests and
 * the retrieval of its bytes at the job's tier, Batch Operations' fees, and this stack's own tracking cost.
 *
 * <p>Prices, us-east-1, from https://aws.amazon.com/s3/pricing/ (read 2026-11-20): retrieval as
 * {@link RetrievalPrices#documented()}; Batch Operations $0.25 per job and $1.00 per million object operations.
 * Tracking: $1.53 per million objects, this stack's measured cost of registering, crediting, monitoring and
 * notifying (README, Costs; {@code bash benchmarks/run --only cost}). Restore times: S3 User Guide, "Archive retrieval
 * options" (Flexible Retrieval: Standard 3-5 h, Bulk 5-12 h; Deep Archive: Standard within 12 h, Bulk within 48 h;
 * Intelligent-Tiering: as Flexible Retrieval for the Archive Access tier, as Deep Archive for the Deep Archive
 * Access tier, so the slower bound, since the listing cannot tell the tiers apart).
 */
public final class QuoteCalculator {

    public static final BigDecimal BATCH_JOB_USD = new BigDecimal("0.25");
    public static final BigDecimal BATCH_PER_MILLION_OBJECTS_USD = new BigDecimal("1.00");
    public static final BigDecimal TRACKING_PER_MILLION_OBJECTS_USD = new BigDecimal("1.53");
    public static final String PRICES_SOURCE = "us-east-1 list prices, https://aws.amazon.com/s3/pricing/ (read"
            + " 2026-11-20); tracking as measured by bash benchmarks/run";

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

    private final RetrievalPrices prices;

    public QuoteCalculator(RetrievalPrices prices) {
        this.prices = prices;
    }

    /**
     * What one storage class's batch job found.
     *
     * @param bytes      its objects' bytes, exact or estimated
     * @param bytesExact whether every object's size was read
     */
    public record ClassCount(SourceStorageClass storageClass, String batchJobId, long objects, long bytes,
                             boolean bytesExact) {
    }

    public Quote quote(RestoreTier tier, List<ClassCount> counts, String bytesMethod, Instant quotedAt,
                       Duration validFor) {
        long objects = counts.stream().mapToLong(ClassCount::objects).sum();
        return price(tier, objects, counts, counts.size(), bytesMethod, quotedAt, validFor);
    }

    /**
     * The quote of a manifest job: {@code objects} (its manifest's lines, exact) pay Batch Operations' and our
     * per-object fees; {@code counts} (estimated per class from a sample, objects not archived in none) pay
     * restores; {@code batchJobs} pay the per-job fee.
     */
    public Quote quoteManifest(RestoreTier tier, long objects, List<ClassCount> counts, int batchJobs,
                               String bytesMethod, Instant quotedAt, Duration validFor) {
        return price(tier, objects, counts, batchJobs, bytesMethod, quotedAt, validFor);
    }

    private Quote price(RestoreTier tier, long objects, List<ClassCount> counts, int batchJobs, String bytesMethod,
                        Instant quotedAt, Duration validFor) {
        List<Quote.ClassQuote> lines = new ArrayList<>();
        long bytes = 0;
        boolean exact = true;
        BigDecimal restore = BigDecimal.ZERO;
        for (ClassCount count : counts) {
            RetrievalPrices.Price price = prices.of(archiveOf(count.storageClass()), retrievalTier(tier));
            BigDecimal requests = price.per1000Requests().multiply(BigDecimal.valueOf(count.objects()))
                    .divide(THOUSAND, 6, RoundingMode.HALF_UP);
            BigDecimal retrieval = price.perGb().multiply(BigDecimal.valueOf(count.bytes()))
                    .divide(BYTES_PER_GB, 6, RoundingMode.HALF_UP);
            lines.add(new Quote.ClassQuote(count.storageClass(), count.batchJobId(), count.objects(), count.bytes(),
                    count.bytesExact(), money(requests), money(retrieval), readyWithin(count.storageClass(), tier)));
            bytes += count.bytes();
            exact &= count.bytesExact();
            restore = restore.add(requests).add(retrieval);
        }
        BigDecimal batch = BATCH_JOB_USD.multiply(BigDecimal.valueOf(batchJobs))
                .add(BATCH_PER_MILLION_OBJECTS_USD.multiply(BigDecimal.valueOf(objects)).divide(MILLION, 6,
                        RoundingMode.HALF_UP));
        BigDecimal tracking = TRACKING_PER_MILLION_OBJECTS_USD.multiply(BigDecimal.valueOf(objects))
                .divide(MILLION, 6, RoundingMode.HALF_UP);
        return new Quote(objects, bytes, exact, bytesMethod, lines, money(batch), money(tracking),
                money(restore.add(batch).add(tracking)), PRICES_SOURCE, quotedAt, quotedAt.plus(validFor));
    }

    /** The slowest documented time for every object of the class to be restored at the tier. */
    public static Duration readyWithin(SourceStorageClass storageClass, RestoreTier tier) {
        boolean deep = storageClass != SourceStorageClass.GLACIER;
        return switch (tier) {
            case STANDARD -> Duration.ofHours(deep ? 12 : 5);
            case BULK -> Duration.ofHours(deep ? 48 : 12);
        };
    }

    private static ArchiveClass archiveOf(SourceStorageClass storageClass) {
        return switch (storageClass) {
            case GLACIER -> ArchiveClass.GLACIER;
            case DEEP_ARCHIVE -> ArchiveClass.DEEP_ARCHIVE;
            case INTELLIGENT_TIERING -> ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS;
        };
    }

    private static RetrievalTier retrievalTier(RestoreTier tier) {
        return switch (tier) {
            case STANDARD -> RetrievalTier.STANDARD;
            case BULK -> RetrievalTier.BULK;
        };
    }

    /** Dollars to the hundredth of a cent: small quotes still show their cost. */
    private static BigDecimal money(BigDecimal usd) {
        return usd.setScale(4, RoundingMode.HALF_UP);
    }
}
