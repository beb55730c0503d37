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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * <h2>Any size: a copy longer than one invocation</h2>
 * A part, and the CompleteMultipartUpload, starts only while the copy's {@link TimeLeft} covers
 * {@link S3CopySettings#timeMargin()} or one and a half times the slowest part of this call, whichever is longer. When
 * the time runs out no part is started any more, the running ones finish, and the upload is left open (not aborted):
 * the answer is {@link CopyOutcome.Unfinished} with a resume token ({@link MultipartResume}: the upload id, the part
 * size of its plan, the source version id and ETag). Called again with that token, the copier continues the upload
 * only if the source it pinned now is that version with that ETag, and only if ListParts
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html, 1,000 parts a page, followed by
 * {@code NextPartNumberMarker}) lists nothing but parts of the same plan ({@link PartRanges}) with their planned sizes;
 * otherwise it aborts that upload and starts a new one. It copies only the ranges not listed, then completes with
 * every part's ETag (the earlier ones as ListParts gave them). A part copied again under its number replaces the
 * earlier one ("Uploading and copying objects using multipart upload",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html), so two deliveries continuing one upload
 * (a duplicate task) write the same bytes; the first CompleteMultipartUpload wins, and the other's next request
 * fails {@code NoSuchUpload} or {@code InvalidPart}, a race that the destination's marker turns into AlreadyCopied.
 *
 * <p>Why the token, and not ListMultipartUploads on the destination key: an open upload tells nothing of what it is
 * a copy of. ListMultipartUploads gives each upload's key, id, initiator, owner, storage class, checksum algorithm
 * and start time, not the metadata (our marker) given to CreateMultipartUpload
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html), and ListParts gives part numbers,
 * sizes and ETags (an UploadPartCopy's ETag is the part's own, not the source's,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html). Two versions of one key with the same
 * size, copied to one destination by two jobs, leave uploads that look alike there, and completing the other's
 * upload with our missing parts would write an object of mixed content under the other's marker. Only the copier
 * that created an upload knows what it holds, so it says so in the token, which travels with the task to the next
 * delivery ({@link io.s3bulkrestore.copy.CopyTask}): no listing of the bucket's uploads (nor its IAM grant), no
 * record written per upload. An upload whose token is lost (an invocation killed by its timeout before handing the
 * task on) is never continued; the bucket's AbortIncompleteMultipartUpload lifecycle rule removes it.
 *
 * <h2>Errors</h2>
 * Throttling and S3's own errors are retried here with backoff and jitter ({@link Backoff}); what remains, and every
 * permanent error, becomes a {@link CopyOutcome} ({@link S3CopyErrors}). S3's error text is logged with its request id,
 * never returned. A multipart copy keeps its upload open on a failure that may pass once the upload holds parts
 * (Unfinished, with S3's code: the next delivery continues it) and aborts it on any other failure, or when it holds
 * none.
 *
 * <p>IAM: s3:GetObject, s3:GetObjectVersion (+ s3:GetObjectTagging, s3:GetObjectVersionTagging to keep tags) on the
 * source; s3:PutObject (+ s3:PutObjectTagging), s3:GetObject (the idempotency check), s3:AbortMultipartUpload,
 * s3:ListMultipartUploadParts (ListParts of an upload continued) on the destination; kms:Decrypt / kms:GenerateDataKey
 * for KMS-encrypted sources and destinations.
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
        MultipartResume.parse(resumeToken).ifPresent(resume -> abort(request, resume.uploadId()));
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
            resume.ifPresent(open -> abort(request, open.uploadId())); // the threshold was raised meanwhile
            return copyObject(request, pinned, metadata, marker);
        }
        return copyInParts(request, pinned, metadata, marker, destination, resume, timeLeft);
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

    /**
     * A multipart upload and where it stands.
     *
     * @param resume what continues it in a later call
     * @param plan   its parts, in order
     * @param done   the parts it holds, by number: listed when it was resumed, added as this call copies them
     */
    private record Upload(MultipartResume resume, List<PartRanges.Part> plan, Map<Integer, CompletedPart> done) {

        boolean complete() {
            return done.size() == plan.size();
        }

        List<PartRanges.Part> missing() {
            return plan.stream().filter(part -> !done.containsKey(part.number())).toList();
        }

        CopyOutcome.Unfinished unfinished(int copiedNow, String code) {
            return new CopyOutcome.Unfinished(resume.token(), done.size(), plan.size(), copiedNow, code);
        }
    }

    private CopyOutcome copyInParts(CopyRequest request, PinnedSource pinned, Map<String, String> metadata,
                                    CopyMarker marker, Optional<HeadObjectResponse> destination,
                                    Optional<MultipartResume> resume, TimeLeft timeLeft) {
        Optional<Upload> resumed = resume.flatMap(open -> resumed(request, pinned, open));
        Upload upload = resumed.isPresent() ? resumed.get() : created(request, pinned, metadata);
        String uploadId = upload.resume().uploadId();
        PartClock clock = new PartClock(timeLeft, settings.timeMargin());
        int copiedNow = 0;
        try {
            copiedNow = copyParts(request, pinned, upload, clock);
            if (!upload.complete() || !clock.allowsAnother()) {
                return keptOrAborted(request, upload, copiedNow, CopyOutcome.Unfinished.OUT_OF_TIME);
            }
            List<CompletedPart> parts = upload.plan().stream().map(part -> upload.done().get(part.number())).toList();
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
                    .bucket(request.destinationBucket()).key(request.destinationKey()).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts));
            destination.ifPresentOrElse(head -> complete.ifMatch(head.eTag()), () -> complete.ifNoneMatch("*"));
            CompleteMultipartUploadRequest completeRequest = complete.build();
            CompleteMultipartUploadResponse done = backoff.call(() -> s3.completeMultipartUpload(completeRequest));
            return new CopyOutcome.Copied(done.versionId(), CopyMarker.unquoted(done.eTag()), parts.size());
        } catch (PartsFailed failed) {
            return afterFailure(request, marker, upload, failed.copied(), failed.failure());
        } catch (CopyFailure failure) {
            return afterFailure(request, marker, upload, copiedNow, failure);
        }
    }

    /**
     * A failure that may pass keeps an upload that holds parts, for the next delivery to continue; anything else
     * aborts it (a race first asks whether another copier wrote our copy).
     */
    private CopyOutcome afterFailure(CopyRequest request, CopyMarker marker, Upload upload, int copiedNow,
                                     CopyFailure failure) {
        if (failure.retryable() && !upload.done().isEmpty()) {
            LOG.warn("copy of {} to s3://{}/{} stopped: {} (HTTP {}, request {}); {} of {} parts kept in upload {}",
                    request.source(), request.destinationBucket(), request.destinationKey(), failure.code(),
                    failure.status(), failure.requestId(), upload.done().size(), upload.plan().size(),
                    upload.resume().uploadId());
            return upload.unfinished(copiedNow, failure.code());
        }
        abort(request, upload.resume().uploadId());
        if (failure.kind() == CopyFailure.Kind.RACE) {
            // Another copier may have completed first; if it wrote our copy, there is nothing left to do.
            Optional<CopyOutcome> settled = copiedMeanwhile(request, marker);
            if (settled.isPresent()) {
                return settled.get();
            }
        }
        throw failure;
    }

    /**
     * Out of time: what the upload holds is kept for the next delivery; an upload that holds nothing is aborted, and
     * the copy failed (for a reason that may pass).
     */
    private CopyOutcome keptOrAborted(CopyRequest request, Upload upload, int copiedNow, String code) {
        if (upload.done().isEmpty()) {
            LOG.warn("copy of {} to s3://{}/{}: no part copied before the time ran out", request.source(),
                    request.destinationBucket(), request.destinationKey());
            abort(request, upload.resume().uploadId());
            return new CopyOutcome.Failed(code, true);
        }
        LOG.info("copy of {} to s3://{}/{}: {} of {} parts copied ({} now), upload {} left open: {}", request.source(),
                request.destinationBucket(), request.destinationKey(), upload.done().size(), upload.plan().size(),
                copiedNow, upload.resume().uploadId(), code);
        return upload.unfinished(copiedNow, code);
    }

    private Upload created(CopyRequest request, PinnedSource pinned, Map<String, String> metadata) {
        HeadObjectResponse sourceHead = pinned.head();
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
        MultipartResume resume = new MultipartResume(uploadId, settings.partSize(), request.source().versionId(),
                CopyMarker.unquoted(sourceHead.eTag()));
        return new Upload(resume, PartRanges.of(sourceHead.contentLength(), resume.partSize()),
                new ConcurrentHashMap<>());
    }

    /**
     * The upload {@code open} describes, with the parts it holds, if it is still there and still a copy of the
     * pinned source in the same plan; otherwise it is aborted (when there) and empty is returned: copy anew.
     */
    private Optional<Upload> resumed(CopyRequest request, PinnedSource pinned, MultipartResume open) {
        HeadObjectResponse sourceHead = pinned.head();
        if (!open.sourceVersionId().equals(request.source().versionId())
                || !open.sourceEtag().equals(CopyMarker.unquoted(sourceHead.eTag()))) {
            LOG.warn("copy of {}: upload {} was made from version {} (ETag {}), not this one; aborted, copied anew",
                    request.source(), open.uploadId(), open.sourceVersionId(), open.sourceEtag());
            abort(request, open.uploadId());
            return Optional.empty();
        }
        List<PartRanges.Part> plan = PartRanges.of(sourceHead.contentLength(), open.partSize());
        Map<Integer, CompletedPart> done = new ConcurrentHashMap<>();
        Integer marker = null;
        ListPartsResponse page;
        do {
            Integer after = marker;
            try {
                page = backoff.call(() -> s3.listParts(b -> b.bucket(request.destinationBucket())
                        .key(request.destinationKey()).uploadId(open.uploadId()).partNumberMarker(after)));
            } catch (CopyFailure failure) {
                if ("NoSuchUpload".equals(failure.code())) {
                    LOG.info("copy of {}: upload {} is gone (completed, or aborted by a lifecycle rule); copied anew",
                            request.source(), open.uploadId());
                    return Optional.empty();
                }
                throw failure;
            }
            for (Part listed : page.parts()) {
                int number = listed.partNumber() == null ? 0 : listed.partNumber();
                PartRanges.Part planned = number >= 1 && number <= plan.size() ? plan.get(number - 1) : null;
                if (planned == null || listed.size() == null || listed.size() != planned.size()) {
                    LOG.warn("copy of {}: upload {} holds part {} of {} bytes, not one of its plan's {} parts; aborted,"
                            + " copied anew", request.source(), open.uploadId(), number, listed.size(), plan.size());
                    abort(request, open.uploadId());
                    return Optional.empty();
                }
                done.put(number, CompletedPart.builder().partNumber(number).eTag(listed.eTag()).build());
            }
            marker = page.nextPartNumberMarker();
        } while (Boolean.TRUE.equals(page.isTruncated()) && marker != null);
        LOG.info("copy of {}: continuing upload {}, {} of {} parts done", request.source(), open.uploadId(),
                done.size(), plan.size());
        return Optional.of(new Upload(open, plan, done));
    }

    /** The parts of a copy that failed, and how many it copied before. */
    private static final class PartsFailed extends RuntimeException {
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
     * Whether another part may start: the time left covers the margin, or one and a half times the slowest part so
     * far. Durations are falls of the time left, so no clock is read.
     */
    private static final class PartClock {
        private final TimeLeft timeLeft;
        private final long marginMillis;
        private final AtomicLong slowestMillis = new AtomicLong();

        PartClock(TimeLeft timeLeft, Duration margin) {
            this.timeLeft = timeLeft;
            this.marginMillis = margin.toMillis();
        }

        boolean allowsAnother() {
            long slowest = slowestMillis.get();
            return timeLeft.millis() >= Math.max(marginMillis, slowest + slowest / 2);
        }

        long leftMillis() {
            return timeLeft.millis();
        }

        void took(long startedWithMillis) {
            long left = timeLeft.millis();
            if (startedWithMillis != Long.MAX_VALUE && left != Long.MAX_VALUE) {
                slowestMillis.accumulateAndGet(startedWithMillis - left, Math::max);
            }
        }
    }

    /**
     * Copies the parts {@code upload} does not hold, at most {@link S3CopySettings#partConcurrency()} at a time, each
     * only while {@code clock} allows; adds each to the upload's parts as it is copied.
     *
     * @return how many it copied
     * @throws PartsFailed with the first failure, once the parts running then have ended
     */
    private int copyParts(CopyRequest request, PinnedSource pinned, Upload upload, PartClock clock) {
        ObjectId source = request.source();
        String uploadId = upload.resume().uploadId();
        AtomicReference<CopyFailure> firstFailure = new AtomicReference<>();
        AtomicInteger copied = new AtomicInteger();
        Semaphore permits = new Semaphore(settings.partConcurrency());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PartRanges.Part part : upload.missing()) {
                threads.submit(() -> {
                    try {
                        permits.acquire();
                    } catch (InterruptedException e) {
                        firstFailure.compareAndSet(null,
                                new CopyFailure(CopyFailure.Kind.RETRYABLE, "Interrupted", 0, null));
                        return;
                    }
                    try {
                        if (firstFailure.get() != null || !clock.allowsAnother()) {
                            return; // a failure or the time's end: start no more parts
                        }
                        long startedWith = clock.leftMillis();
                        UploadPartCopyResponse response = backoff.call(() -> s3.uploadPartCopy(b -> b
                                .sourceBucket(source.bucket()).sourceKey(source.key())
                                .sourceVersionId(pinned.versionId()).copySourceIfMatch(pinned.head().eTag())
                                .copySourceRange(part.copySourceRange())
                                .destinationBucket(request.destinationBucket()).destinationKey(request.destinationKey())
                                .uploadId(uploadId).partNumber(part.number())));
                        clock.took(startedWith);
                        upload.done().put(part.number(), CompletedPart.builder().partNumber(part.number())
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
     * rule with AbortIncompleteMultipartUpload removes them; the destination bucket should have one. An upload gone
     * already (404 NoSuchUpload: completed by a duplicate task's copier, or aborted) is what was wanted.
     */
    private void abort(CopyRequest request, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(request.destinationBucket()).key(request.destinationKey())
                    .uploadId(uploadId));
        } catch (SdkException e) {
            String requestId = e instanceof S3Exception s3e ? s3e.requestId() : null;
            if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
                return;
            }
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
