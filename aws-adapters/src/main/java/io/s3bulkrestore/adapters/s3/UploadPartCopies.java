package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The UploadPartCopy requests of a multipart copy ({@link S3MultipartCopy}): the parts an upload does not hold, at
 * most {@link S3CopySettings#partConcurrency()} at a time on virtual threads, each started only while the copy's
 * {@link PartClock} allows. Each names the pinned source version and carries its ETag in
 * {@code x-amz-copy-source-if-match}.
 */
final class UploadPartCopies {

    private static final Logger LOG = LoggerFactory.getLogger(UploadPartCopies.class);

    private final S3Client s3;
    private final Backoff backoff;
    private final int concurrency;

    UploadPartCopies(S3Client s3, Backoff backoff, int concurrency) {
        this.s3 = s3;
        this.backoff = backoff;
        this.concurrency = concurrency;
    }

    /** The parts of a copy that failed, and how many it copied before. */
    static final class PartsFailed extends RuntimeException {
        private final CopyFailure failure;
        private final int copied;

        PartsFailed(CopyFailure failure, int copied) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
            this.copied = copied;
        }

        CopyFailure failure() {
            return failure;
        }

        int copied() {
            return copied;
        }
    }

    /**
     * Copies {@code missing} into the upload {@code uploadId}, each only while {@code clock} allows; adds each to
     * {@code done} (a concurrent map: the parts' threads write it) as it is copied.
     *
     * @return how many it copied
     * @throws PartsFailed with the first failure, once the parts running then have ended
     */
    int copy(CopyRequest request, PinnedSource pinned, String uploadId, List<PartRanges.Part> missing,
             Map<Integer, CompletedPart> done, PartClock clock) {
        ObjectId source = request.source();
        AtomicReference<CopyFailure> firstFailure = new AtomicReference<>();
        AtomicInteger copied = new AtomicInteger();
        Semaphore permits = new Semaphore(concurrency);
        // Parts start in their order: the permit is taken here, before a part's thread starts, so a failure or the
        // time's end stops the parts after it (threads that each waited for a permit would start in any order).
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PartRanges.Part part : missing) {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    firstFailure.compareAndSet(null,
                            new CopyFailure(CopyFailure.Kind.RETRYABLE, "Interrupted", 0, null));
                    break;
                }
                if (firstFailure.get() != null || !clock.allowsAnother()) {
                    permits.release();
                    break; // a failure or the time's end: start no more parts
                }
                threads.submit(() -> {
                    try {
                        long startedWith = clock.leftMillis();
                        UploadPartCopyResponse response = backoff.call(() -> s3.uploadPartCopy(b -> b
                                .sourceBucket(source.bucket()).sourceKey(source.key())
                                .sourceVersionId(pinned.versionId()).copySourceIfMatch(pinned.head().eTag())
                                .copySourceRange(part.copySourceRange())
                                .destinationBucket(request.destinationBucket()).destinationKey(request.destinationKey())
                                .uploadId(uploadId).partNumber(part.number())));
                        clock.took(startedWith);
                        done.put(part.number(), CompletedPart.builder().partNumber(part.number())
                                .eTag(response.copyPartResult().eTag()).build());
                        copied.incrementAndGet();
                    } catch (CopyFailure failure) {
                        firstFailure.compareAndSet(null, failure);
                    } catch (RuntimeException unexpected) {
                        LOG.warn("UploadPartCopy {} of {} failed unexpectedly", part.number(), source, unexpected);
                        firstFailure.compareAndSet(null,
                                new CopyFailure(CopyFailure.Kind.RETRYABLE, "InternalFailure", 0, null));
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        if (firstFailure.get() != null) {
            throw new PartsFailed(firstFailure.get(), copied.get());
        }
        return copied.get();
    }
}
