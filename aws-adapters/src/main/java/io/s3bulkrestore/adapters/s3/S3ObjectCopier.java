package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.copy.ObjectCopier;
import io.s3bulkrestore.copy.SourceReadability;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.RestoreHeader;
import io.s3bulkrestore.tracking.CurrentVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Copies a restored object version with S3's server-side copy: one CopyObject up to the multipart threshold (5 GiB by
 * default, CopyObject's limit), above it CreateMultipartUpload + UploadPartCopy of byte ranges, at most
 * {@link S3CopySettings#partConcurrency()} at a time on virtual threads, + CompleteMultipartUpload (aborted on any
 * failure). The source version is always named ({@code CopySource ...?versionId=}), so a newer version written meanwhile
 * is never what gets copied, and every copy request also carries {@code x-amz-copy-source-if-match} with the ETag read
 * at the start.
 *
 * <h2>Requests per object</h2>
 * HeadObject of the source version (its size decides CopyObject or parts; its storage class and {@code x-amz-restore}
 * tell an expired restore without trying; its user metadata and content headers are what the copy keeps), HeadObject of
 * the destination (the idempotency check, below), then the write: 1 CopyObject, or 1 + parts + 1 multipart requests
 * (+ 1 GetObjectTagging when the source has tags to keep: a multipart upload copies neither metadata nor tags, so both
 * are given to CreateMultipartUpload). A second copy of the same source costs the two HeadObjects and writes nothing.
 *
 * <h2>Exactly one write</h2>
 * Every copy carries a {@link CopyMarker} (source identity, version, ETag) in its user metadata, written atomically with
 * the copy; the destination's HeadObject finding the same marker means the copy is there: {@link CopyOutcome.AlreadyCopied}.
 * Adding metadata needs {@code MetadataDirective=REPLACE}, so the source's user metadata (when kept) and content headers
 * are sent from the source's HeadObject; tags use {@code TaggingDirective=COPY} (or REPLACE with none). A write whose
 * answer was lost is retried only after a new HeadObject of the destination finds no marker. Two copiers racing on one
 * object can both pass the check; for CopyObject that writes the same bytes twice (AWS documents conditional
 * {@code If-None-Match} on CopyObject in the API reference but answers 501 for it under a bucket policy that enforces
 * conditional writes, "Enforce conditional writes on Amazon S3 buckets",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes-enforce.html, so it is not relied on). A
 * multipart copy completes conditionally, {@code If-None-Match: *} when the destination had no object and
 * {@code If-Match: <its ETag>} when it had one ("Add preconditions to S3 operations with conditional requests",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html; CompleteMultipartUpload accepts both):
 * a racing copier that completed first makes ours fail with 412, and the destination's marker then turns that into
 * AlreadyCopied. The job's count of copied objects is kept exact by recording each outcome once, not by this class.
 *
 * <h2>Errors</h2>
 * Throttling and S3's own errors are retried here with backoff and jitter ({@link Backoff}); what remains, and every
 * permanent error, becomes a {@link CopyOutcome} ({@link S3CopyErrors}). S3's error text is logged with its request id,
 * never returned.
 *
 * <p>IAM: s3:GetObject, s3:GetObjectVersion (+ s3:GetObjectTagging, s3:GetObjectVersionTagging to keep tags) on the
 * source; s3:PutObject (+ s3:PutObjectTagging), s3:GetObject (the idempotency check), s3:AbortMultipartUpload on the
 * destination; kms:Decrypt / kms:GenerateDataKey for KMS-encrypted sources and destinations.
 */
public final class S3ObjectCopier implements ObjectCopier {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectCopier.class);

    private final S3Client s3;
    private final S3CopySettings settings;
    private final Backoff backoff;

    public S3ObjectCopier(S3Client s3, S3CopySettings settings) {
        this(s3, settings, duration -> Thread.sleep(duration), new ThreadLocalRandomGenerator());
    }

    S3ObjectCopier(S3Client s3, S3CopySettings settings, Backoff.Sleeper sleeper, RandomGenerator random) {
        this.s3 = s3;
        this.settings = settings;
        this.backoff = new Backoff(settings.maxAttempts(), settings.baseBackoff(), settings.maxBackoff(), sleeper, random);
    }

    @Override
    public CopyOutcome copy(CopyRequest request) {
        try {
            return copyOnce(request);
        } catch (CopyFailure failure) {
            LOG.warn("copy of {} to s3://{}/{} failed: {} (HTTP {}, request {})", request.source(),
                    request.destinationBucket(), request.destinationKey(), failure.code(), failure.status(),
                    failure.requestId());
            return failure.outcome();
        }
    }

    private CopyOutcome copyOnce(CopyRequest request) {
        ObjectId source = request.source();
        PinnedSource pinned = headSource(source);
        HeadObjectResponse sourceHead = pinned.head();
        switch (readability(sourceHead)) {
            case NOT_RESTORED -> {
                return new CopyOutcome.SourceRestoreExpired("RestoreExpired");
            }
            case RESTORE_IN_PROGRESS -> {
                return new CopyOutcome.Failed("RestoreInProgress", true);
            }
            case READABLE -> {
                // copy it
            }
        }
        CopyMarker marker = CopyMarker.of(source, sourceHead.eTag());
        CopyMarker onSource = CopyMarker.in(sourceHead.metadata());
        if (request.inPlace() && onSource != null && onSource.sameSource(source)) {
            // In a bucket without versioning a copy in place replaces the "null" version: the source now is our copy.
            return new CopyOutcome.AlreadyCopied(sourceHead.versionId());
        }
        boolean inParts = sourceHead.contentLength() > settings.multipartThreshold();
        Optional<HeadObjectResponse> destination = headDestination(request);
        if (destination.isPresent() && marker.equals(CopyMarker.in(destination.get().metadata()))) {
            return new CopyOutcome.AlreadyCopied(destination.get().versionId());
        }
        Map<String, String> metadata = marker.addTo(request.keepMetadataAndTags() ? sourceHead.metadata() : Map.of());
        return inParts
                ? copyInParts(request, pinned, metadata, marker, destination)
                : copyObject(request, pinned, metadata, marker);
    }

    /**
     * The source version as HeadObject describes it, and how copy requests name it.
     *
     * @param versionId the {@code versionId} of the copy requests' {@code CopySource}; null when the version is
     *                  pinned by its ETag alone ({@code x-amz-copy-source-if-match}, on every copy request anyway)
     */
    private record PinnedSource(HeadObjectResponse head, String versionId) {
    }

    /**
     * The version "null" (an object written while the bucket had no versioning) is asked for without a version id
     * first: in a bucket that never had versioning, the only kind where moto accepts no {@code versionId} at all (it
     * answers 400 to any), the current object is that version. S3 accepts {@code versionId=null} ("Working with
     * objects in a versioning-suspended bucket", https://docs.aws.amazon.com/AmazonS3/latest/userguide/VersionSuspendedBehavior.html),
     * which is asked only when the current version is another one.
     */
    private PinnedSource headSource(ObjectId source) {
        if (CurrentVersions.NULL_VERSION.equals(source.versionId())) {
            HeadObjectResponse current = backoff.call(() -> s3.headObject(b -> b.bucket(source.bucket())
                    .key(source.key())));
            if (current.versionId() == null || CurrentVersions.NULL_VERSION.equals(current.versionId())) {
                return new PinnedSource(current, null);
            }
        }
        return new PinnedSource(backoff.call(() -> s3.headObject(b -> b.bucket(source.bucket()).key(source.key())
                .versionId(source.versionId()))), source.versionId());
    }

    private static SourceReadability readability(HeadObjectResponse head) {
        ArchiveClass archiveClass = ArchiveClass.of(head.storageClassAsString(), head.archiveStatusAsString());
        Optional<RestoreHeader> restore;
        try {
            restore = RestoreHeader.parse(head.restore());
        } catch (IllegalArgumentException unreadable) {
            // A header we cannot read says a restore exists; the copy itself will tell if it does not.
            LOG.warn("unreadable x-amz-restore header: {}", head.restore());
            return SourceReadability.READABLE;
        }
        return SourceReadability.of(archiveClass, restore);
    }

    /** The destination's current object, empty when there is none (or no bucket: the write says which). */
    private Optional<HeadObjectResponse> headDestination(CopyRequest request) {
        try {
            return Optional.of(backoff.call(() -> s3.headObject(b -> b.bucket(request.destinationBucket())
                    .key(request.destinationKey()))));
        } catch (CopyFailure failure) {
            if (failure.status() == 404) {
                return Optional.empty();
            }
            throw failure; // 403: without reading the destination we cannot know whether the copy is there
        }
    }

    /** Whether the destination now holds this copy, asked again before a write is retried. */
    private Optional<CopyOutcome> copiedMeanwhile(CopyRequest request, CopyMarker marker) {
        return headDestination(request)
                .filter(head -> marker.equals(CopyMarker.in(head.metadata())))
                .map(head -> new CopyOutcome.AlreadyCopied(head.versionId()));
    }

    private CopyOutcome copyObject(CopyRequest request, PinnedSource pinned, Map<String, String> metadata,
                                   CopyMarker marker) {
        ObjectId source = request.source();
        HeadObjectResponse sourceHead = pinned.head();
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(source.bucket()).sourceKey(source.key()).sourceVersionId(pinned.versionId())
                .copySourceIfMatch(sourceHead.eTag())
                .destinationBucket(request.destinationBucket()).destinationKey(request.destinationKey())
                .storageClass(request.storageClass().name())
                .metadataDirective(MetadataDirective.REPLACE).metadata(metadata)
                .contentType(sourceHead.contentType()).contentEncoding(sourceHead.contentEncoding())
                .contentLanguage(sourceHead.contentLanguage()).contentDisposition(sourceHead.contentDisposition())
                .cacheControl(sourceHead.cacheControl())
                .websiteRedirectLocation(sourceHead.websiteRedirectLocation())
                .taggingDirective(request.keepMetadataAndTags() ? TaggingDirective.COPY : TaggingDirective.REPLACE);
        request.kmsKey().ifPresent(key -> copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(key));
        CopyObjectRequest built = copy.build();
        return backoff.call(() -> {
            CopyObjectResponse response = s3.copyObject(built);
            return (CopyOutcome) new CopyOutcome.Copied(response.versionId(),
                    CopyMarker.unquoted(response.copyObjectResult().eTag()), 1);
        }, () -> copiedMeanwhile(request, marker));
    }

    private CopyOutcome copyInParts(CopyRequest request, PinnedSource pinned, Map<String, String> metadata,
                                    CopyMarker marker, Optional<HeadObjectResponse> destination) {
        HeadObjectResponse sourceHead = pinned.head();
        List<PartRanges.Part> parts = PartRanges.of(sourceHead.contentLength(), settings.partSize());
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(request.destinationBucket()).key(request.destinationKey())
                .storageClass(request.storageClass().name())
                .metadata(metadata)
                .contentType(sourceHead.contentType()).contentEncoding(sourceHead.contentEncoding())
                .contentLanguage(sourceHead.contentLanguage()).contentDisposition(sourceHead.contentDisposition())
                .cacheControl(sourceHead.cacheControl())
                .websiteRedirectLocation(sourceHead.websiteRedirectLocation());
        Integer tagCount = sourceHead.tagCount();
        if (request.keepMetadataAndTags() && tagCount != null && tagCount > 0) {
            create.tagging(tagsOf(request.source(), pinned.versionId()));
        }
        request.kmsKey().ifPresent(key -> create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(key));
        CreateMultipartUploadRequest createRequest = create.build();
        String uploadId = backoff.call(() -> s3.createMultipartUpload(createRequest)).uploadId();
        try {
            List<CompletedPart> copied = copyParts(request, pinned, uploadId, parts);
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
                    .bucket(request.destinationBucket()).key(request.destinationKey()).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(copied));
            destination.ifPresentOrElse(head -> complete.ifMatch(head.eTag()), () -> complete.ifNoneMatch("*"));
            CompleteMultipartUploadRequest completeRequest = complete.build();
            CompleteMultipartUploadResponse done = backoff.call(() -> s3.completeMultipartUpload(completeRequest));
            return new CopyOutcome.Copied(done.versionId(), CopyMarker.unquoted(done.eTag()), parts.size());
        } catch (CopyFailure failure) {
            abort(request, uploadId);
            if (failure.kind() == CopyFailure.Kind.RACE) {
                // Another copier may have completed first; if it wrote our copy, there is nothing left to do.
                Optional<CopyOutcome> settled = copiedMeanwhile(request, marker);
                if (settled.isPresent()) {
                    return settled.get();
                }
            }
            throw failure;
        }
    }

    private List<CompletedPart> copyParts(CopyRequest request, PinnedSource pinned, String uploadId,
                                          List<PartRanges.Part> parts) {
        ObjectId source = request.source();
        CompletedPart[] copied = new CompletedPart[parts.size()];
        AtomicReference<CopyFailure> firstFailure = new AtomicReference<>();
        Semaphore permits = new Semaphore(settings.partConcurrency());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PartRanges.Part part : parts) {
                threads.submit(() -> {
                    try {
                        permits.acquire();
                    } catch (InterruptedException e) {
                        firstFailure.compareAndSet(null,
                                new CopyFailure(CopyFailure.Kind.RETRYABLE, "Interrupted", 0, null));
                        return;
                    }
                    try {
                        if (firstFailure.get() != null) {
                            return; // the upload is lost anyway: copy no more of it
                        }
                        UploadPartCopyResponse response = backoff.call(() -> s3.uploadPartCopy(b -> b
                                .sourceBucket(source.bucket()).sourceKey(source.key())
                                .sourceVersionId(pinned.versionId()).copySourceIfMatch(pinned.head().eTag())
                                .copySourceRange(part.copySourceRange())
                                .destinationBucket(request.destinationBucket()).destinationKey(request.destinationKey())
                                .uploadId(uploadId).partNumber(part.number())));
                        copied[part.number() - 1] = CompletedPart.builder().partNumber(part.number())
                                .eTag(response.copyPartResult().eTag()).build();
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
            throw firstFailure.get();
        }
        return Arrays.asList(copied);
    }

    /** The source version's tags as the {@code x-amz-tagging} header takes them (URL query form). */
    private String tagsOf(ObjectId source, String versionId) {
        List<Tag> tags = backoff.call(() -> s3.getObjectTagging(b -> b.bucket(source.bucket()).key(source.key())
                .versionId(versionId))).tagSet();
        return tags.stream().map(tag -> encode(tag.key()) + "=" + encode(tag.value())).collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Best effort: parts of an upload that is neither completed nor aborted are stored (and billed) until a lifecycle
     * rule with AbortIncompleteMultipartUpload removes them; the destination bucket should have one.
     */
    private void abort(CopyRequest request, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(request.destinationBucket()).key(request.destinationKey())
                    .uploadId(uploadId));
        } catch (SdkException e) {
            String requestId = e instanceof S3Exception s3e ? s3e.requestId() : null;
            LOG.warn("AbortMultipartUpload {} of s3://{}/{} failed (request {}): {}", uploadId,
                    request.destinationBucket(), request.destinationKey(), requestId, e.toString());
        }
    }

    /** Thread-safe jitter: each virtual thread draws from its own generator. */
    private static final class ThreadLocalRandomGenerator implements RandomGenerator {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }
    }
}
