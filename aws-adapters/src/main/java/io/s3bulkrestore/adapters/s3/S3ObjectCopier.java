package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.copy.ObjectCopier;
import io.s3bulkrestore.copy.SourceReadability;
import io.s3bulkrestore.copy.TimeLeft;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.RestoreHeader;
import io.s3bulkrestore.tracking.CurrentVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Copies a restored object version with S3's server-side copy: one CopyObject up to the multipart threshold (5 GiB by
 * default, CopyObject's limit), above it a multipart copy ({@link S3MultipartCopy}). The source version is always
 * named ({@code CopySource ...?versionId=}), so a newer version written meanwhile is never what gets copied, and every
 * copy request also carries {@code x-amz-copy-source-if-match} with the ETag read at the start.
 *
 * <h2>Requests per object</h2>
 * HeadObject of the source version (its size decides CopyObject or parts; its storage class and {@code x-amz-restore}
 * tell an expired restore without trying; its user metadata and content headers are what the copy keeps), HeadObject of
 * the destination (the idempotency check, below), then the write: 1 CopyObject, or the requests of a multipart copy
 * ({@link S3MultipartCopy}). A second copy of the same source costs the two HeadObjects and writes nothing.
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
 * multipart copy completes conditionally ({@link S3MultipartCopy}). The job's count of copied objects is kept exact by
 * recording each outcome once, not by this class.
 *
 * <h2>Errors</h2>
 * Throttling and S3's own errors are retried here with backoff and jitter ({@link Backoff}); what remains, and every
 * permanent error, becomes a {@link CopyOutcome} ({@link S3CopyErrors}). S3's error text is logged with its request id,
 * never returned. Whether a failed multipart copy keeps its upload open is {@link S3MultipartCopy}'s to decide.
 *
 * <p>IAM, for this class and the multipart copy it hands objects to: s3:GetObject, s3:GetObjectVersion
 * (+ s3:GetObjectTagging, s3:GetObjectVersionTagging to keep tags) on the source; s3:PutObject (+ s3:PutObjectTagging),
 * s3:GetObject (the idempotency check), s3:AbortMultipartUpload, s3:ListMultipartUploadParts (ListParts of an upload
 * continued) on the destination; kms:Decrypt / kms:GenerateDataKey for KMS-encrypted sources and destinations.
 */
public final class S3ObjectCopier implements ObjectCopier {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectCopier.class);

    private final S3Client s3;
    private final S3CopySettings settings;
    private final Backoff backoff;
    private final S3MultipartCopy multipart;

    public S3ObjectCopier(S3Client s3, S3CopySettings settings) {
        this(s3, settings, duration -> Thread.sleep(duration), new ThreadLocalRandomGenerator());
    }

    S3ObjectCopier(S3Client s3, S3CopySettings settings, Backoff.Sleeper sleeper, RandomGenerator random) {
        this.s3 = s3;
        this.settings = settings;
        this.backoff = new Backoff(settings.maxAttempts(), settings.baseBackoff(), settings.maxBackoff(), sleeper, random);
        this.multipart = new S3MultipartCopy(s3, settings, backoff);
    }

    @Override
    public CopyOutcome copy(CopyRequest request, Optional<String> resumeToken, TimeLeft timeLeft) {
        Optional<MultipartResume> resume = resumeToken.flatMap(token -> {
            Optional<MultipartResume> parsed = MultipartResume.parse(token);
            if (parsed.isEmpty()) {
                LOG.warn("copy of {}: a resume token this copier did not write; copied from the start", request.source());
            }
            return parsed;
        });
        try {
            return copyOnce(request, resume, timeLeft);
        } catch (CopyFailure failure) {
            LOG.warn("copy of {} to s3://{}/{} failed: {} (HTTP {}, request {})", request.source(),
                    request.destinationBucket(), request.destinationKey(), failure.code(), failure.status(),
                    failure.requestId());
            return failure.outcome();
        }
    }

    @Override
    public void abandon(CopyRequest request, String resumeToken) {
        MultipartResume.parse(resumeToken).ifPresent(resume -> multipart.abort(request, resume.uploadId()));
    }

    private CopyOutcome copyOnce(CopyRequest request, Optional<MultipartResume> resume, TimeLeft timeLeft) {
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
        if (!inParts) {
            resume.ifPresent(open -> multipart.abort(request, open.uploadId())); // the threshold was raised meanwhile
            return copyObject(request, pinned, metadata, marker);
        }
        return multipart.copy(request, pinned, metadata, destination, resume, timeLeft,
                () -> copiedMeanwhile(request, marker));
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

    /** Thread-safe jitter: each virtual thread draws from its own generator. */
    private static final class ThreadLocalRandomGenerator implements RandomGenerator {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }
    }
}
