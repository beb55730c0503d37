package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.copy.TimeLeft;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The copy of an object above the multipart threshold, for {@link S3ObjectCopier} once it has pinned the source and
 * found no copy at the destination: CreateMultipartUpload (or the upload a resume token names, continued),
 * UploadPartCopy of byte ranges ({@link PartRanges}) in parallel ({@link UploadPartCopies}), +
 * CompleteMultipartUpload. Every UploadPartCopy names the pinned version and carries its ETag in
 * {@code x-amz-copy-source-if-match}.
 *
 * <h2>Requests</h2>
 * 1 CreateMultipartUpload + 1 UploadPartCopy a part + 1 CompleteMultipartUpload (+ 1 GetObjectTagging when the
 * source has tags to keep: a multipart upload copies neither metadata nor tags, so both are given to
 * CreateMultipartUpload).
 *
 * <h2>Exactly one write</h2>
 * The copy completes conditionally, {@code If-None-Match: *} when the destination had no object and
 * {@code If-Match: <its ETag>} when it had one ("Add preconditions to S3 operations with conditional requests",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html; CompleteMultipartUpload accepts both):
 * a racing copier that completed first makes ours fail with 412, and the destination's marker ({@link CopyMarker},
 * asked again through the caller's {@code settledMeanwhile}) then turns that into {@link CopyOutcome.AlreadyCopied}.
 *
 * <h2>Any size: a copy longer than one invocation</h2>
 * A part, and the CompleteMultipartUpload, starts only while the copy's {@link TimeLeft} covers
 * {@link S3CopySettings#timeMargin()} or one and a half times the slowest part of this call, whichever is longer
 * ({@link PartClock}). When the time runs out no part is started any more, the running ones finish, and the upload is
 * left open (not aborted): the answer is {@link CopyOutcome.Unfinished} with a resume token ({@link MultipartResume}:
 * the upload id, the part size of its plan, the source version id and ETag). Called again with that token, the copier continues the upload
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
 * <h2>Failures</h2>
 * The upload is kept open on a failure that may pass once it holds parts (Unfinished, with S3's code: the next
 * delivery continues it) and aborted on any other failure, or when it holds none.
 */
final class S3MultipartCopy {

    private static final Logger LOG = LoggerFactory.getLogger(S3MultipartCopy.class);

    private final S3Client s3;
    private final S3CopySettings settings;
    private final Backoff backoff;
    private final UploadPartCopies partCopies;

    S3MultipartCopy(S3Client s3, S3CopySettings settings, Backoff backoff) {
        this.s3 = s3;
        this.settings = settings;
        this.backoff = backoff;
        this.partCopies = new UploadPartCopies(s3, backoff, settings.partConcurrency());
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

    /**
     * Copies {@code pinned} to the destination in parts, continuing the upload {@code resume} names when it is still
     * a copy of the pinned source in the same plan.
     *
     * @param metadata          the destination's user metadata, the copy marker included
     * @param destination       the destination's current object, which the completion is conditional on
     * @param settledMeanwhile  whether the destination now holds this copy, asked after a race
     */
    CopyOutcome copy(CopyRequest request, PinnedSource pinned, Map<String, String> metadata,
                     Optional<HeadObjectResponse> destination, Optional<MultipartResume> resume, TimeLeft timeLeft,
                     Supplier<Optional<CopyOutcome>> settledMeanwhile) {
        Optional<Upload> resumed = resume.flatMap(open -> resumed(request, pinned, open));
        Upload upload = resumed.isPresent() ? resumed.get() : created(request, pinned, metadata);
        String uploadId = upload.resume().uploadId();
        PartClock clock = new PartClock(timeLeft, settings.timeMargin());
        int copiedNow = 0;
        try {
            copiedNow = partCopies.copy(request, pinned, uploadId, upload.missing(), upload.done(), clock);
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
        } catch (UploadPartCopies.PartsFailed failed) {
            return afterFailure(request, settledMeanwhile, upload, failed.copied(), failed.failure());
        } catch (CopyFailure failure) {
            return afterFailure(request, settledMeanwhile, upload, copiedNow, failure);
        }
    }

    /**
     * A failure that may pass keeps an upload that holds parts, for the next delivery to continue; anything else
     * aborts it (a race first asks whether another copier wrote our copy).
     */
    private CopyOutcome afterFailure(CopyRequest request, Supplier<Optional<CopyOutcome>> settledMeanwhile,
                                     Upload upload, int copiedNow, CopyFailure failure) {
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
            Optional<CopyOutcome> settled = settledMeanwhile.get();
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
    void abort(CopyRequest request, String uploadId) {
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
}
