package io.s3bulkrestore.adapters.s3;

import java.time.Duration;

/**
 * How {@link S3ObjectCopier} copies: objects up to {@code multipartThreshold} bytes in one CopyObject, larger ones in
 * parts of {@code partSize} bytes (grown when an object would need more than S3's 10,000 parts), at most
 * {@code partConcurrency} parts of one object at a time; each request tried at most {@code maxAttempts} times, the
 * waits between attempts drawn from [0, min(maxBackoff, baseBackoff × 2^(attempt-1))] ("full jitter"). A part (or the
 * CompleteMultipartUpload) starts only while the copy's time left covers {@code timeMargin}, or one and a half times
 * the slowest part of the call so far when that is longer: what runs past it has its time to finish.
 *
 * <p>Limits from "Amazon S3 multipart upload limits" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html):
 * parts of 5 MiB to 5 GiB (the last may be smaller), at most 10,000 parts; and from CopyObject
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html): one request copies at most 5 GB, larger
 * objects need UploadPartCopy (https://docs.aws.amazon.com/AmazonS3/latest/userguide/CopyingObjectsMPUapi.html).
 */
public record S3CopySettings(long multipartThreshold, long partSize, int partConcurrency, int maxAttempts,
                             Duration baseBackoff, Duration maxBackoff, Duration timeMargin) {

    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024 * MIB;
    /** The most one CopyObject copies. */
    public static final long COPY_OBJECT_LIMIT = 5 * GIB;
    public static final long MIN_PART_SIZE = 5 * MIB;
    public static final long MAX_PART_SIZE = 5 * GIB;
    public static final int MAX_PARTS = 10_000;

    public S3CopySettings {
        if (multipartThreshold < MIN_PART_SIZE || multipartThreshold > COPY_OBJECT_LIMIT) {
            throw new IllegalArgumentException("multipartThreshold must be between " + MIN_PART_SIZE + " and "
                    + COPY_OBJECT_LIMIT + " bytes (the CopyObject limit), got " + multipartThreshold);
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be between " + MIN_PART_SIZE + " and " + MAX_PART_SIZE
                    + " bytes, got " + partSize);
        }
        if (partConcurrency < 1 || partConcurrency > 64) {
            throw new IllegalArgumentException("partConcurrency must be between 1 and 64, got " + partConcurrency);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 10, got " + maxAttempts);
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 <= base <= max, got " + baseBackoff + ", " + maxBackoff);
        }
        if (timeMargin.isNegative()) {
            throw new IllegalArgumentException("timeMargin cannot be negative, got " + timeMargin);
        }
    }

    /**
     * CopyObject up to its limit; 256 MiB parts (a 5 GiB object in 20 parts), 8 at a time; 5 attempts, backoff from
     * 100 ms up to 10 s; no part started with less than 90 s left (a part's 5 attempts, throttled, wait up to 40 s
     * between them).
     */
    public static S3CopySettings defaults() {
        return new S3CopySettings(COPY_OBJECT_LIMIT, 256 * MIB, 8, 5, Duration.ofMillis(100), Duration.ofSeconds(10),
                Duration.ofSeconds(90));
    }

    public S3CopySettings withMultipart(long threshold, long size) {
        return new S3CopySettings(threshold, size, partConcurrency, maxAttempts, baseBackoff, maxBackoff, timeMargin);
    }

    public S3CopySettings withRetries(int attempts, Duration base, Duration max) {
        return new S3CopySettings(multipartThreshold, partSize, partConcurrency, attempts, base, max, timeMargin);
    }

    public S3CopySettings withPartConcurrency(int parts) {
        return new S3CopySettings(multipartThreshold, partSize, parts, maxAttempts, baseBackoff, maxBackoff, timeMargin);
    }

    public S3CopySettings withTimeMargin(Duration margin) {
        return new S3CopySettings(multipartThreshold, partSize, partConcurrency, maxAttempts, baseBackoff, maxBackoff,
                margin);
    }
}
