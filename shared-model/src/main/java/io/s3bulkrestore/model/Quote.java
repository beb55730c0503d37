package io.s3bulkrestore.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a job will restore and cost, shown before anything is spent. The object count of each class is exact: it is
 * the number of tasks Batch Operations' manifest generator found. Bytes are exact only when every object was
 * asked for its size; otherwise they are estimated from a sample, and {@code bytesMethod} says how.
 *
 * @param objects            objects in all classes
 * @param bytes              their bytes, exact or estimated
 * @param bytesExact         whether every object's size was read
 * @param bytesMethod        how the bytes were found, in words
 * @param byStorageClass     one line per storage class, in the source's order
 * @param batchOperationsUsd Batch Operations' fees: per job with objects, and per object
 * @param trackingUsd        this stack's own cost of tracking the objects (DynamoDB, SQS, Lambda, SNS)
 * @param totalUsd           restore requests + retrieval + Batch Operations + tracking
 * @param pricesSource       where the prices come from
 * @param quotedAt           when the quote was made
 * @param expiresAt          an unconfirmed quote is dropped then (the job ends Cancelled)
 */
public record Quote(
        long objects,
        long bytes,
        boolean bytesExact,
        String bytesMethod,
        List<ClassQuote> byStorageClass,
        BigDecimal batchOperationsUsd,
        BigDecimal trackingUsd,
        BigDecimal totalUsd,
        String pricesSource,
        Instant quotedAt,
        Instant expiresAt) {

    public Quote {
        Objects.requireNonNull(bytesMethod, "bytesMethod");
        byStorageClass = List.copyOf(byStorageClass);
        Objects.requireNonNull(batchOperationsUsd, "batchOperationsUsd");
        Objects.requireNonNull(trackingUsd, "trackingUsd");
        Objects.requireNonNull(totalUsd, "totalUsd");
        Objects.requireNonNull(pricesSource, "pricesSource");
        Objects.requireNonNull(quotedAt, "quotedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * One storage class of the quote: its own Batch Operations job.
     *
     * @param readyWithin the slowest documented restore time of the class at the job's tier: all objects should be
     *                    readable this long after the job starts
     */
    public record ClassQuote(
            SourceStorageClass storageClass,
            String batchJobId,
            long objects,
            long bytes,
            boolean bytesExact,
            BigDecimal restoreRequestsUsd,
            BigDecimal retrievalUsd,
            Duration readyWithin) {

        public ClassQuote {
            Objects.requireNonNull(storageClass, "storageClass");
            Objects.requireNonNull(batchJobId, "batchJobId");
            Objects.requireNonNull(restoreRequestsUsd, "restoreRequestsUsd");
            Objects.requireNonNull(retrievalUsd, "retrievalUsd");
            Objects.requireNonNull(readyWithin, "readyWithin");
        }
    }
}
