package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.tracking.CurrentVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current version of objects, as S3 answers it. A bucket that never had versioning (GetBucketVersioning without
 * a status, "Using versioning in S3 buckets": a bucket is unversioned until versioning is first enabled) holds one
 * version of each object, S3's {@code null} version: no per-object request. In any other bucket one HeadObject
 * without a version id per object: its {@code x-amz-version-id} is the current version's ({@code null} when that
 * version was written before versioning), and a 404 means there is none (deleted, or a delete marker). The
 * HeadObjects of one call run concurrently, at most {@link #CONCURRENCY} at a time. A bucket's versioning state is
 * remembered for {@link #BUCKET_STATE_TTL}: versioning, once enabled, never goes back to "never enabled".
 *
 * <p>HeadObject needs s3:GetObject and GetBucketVersioning s3:GetBucketVersioning (the template grants both on the
 * allowed buckets). An object we may not read is "cannot be known": its event is recorded on its version only, and
 * reconciliation settles the line without a version. A throttle or an outage fails the call, and so the batch.
 */
public final class S3CurrentVersions implements CurrentVersions {

    private static final Logger LOG = LoggerFactory.getLogger(S3CurrentVersions.class);
    static final int CONCURRENCY = 32;
    static final Duration BUCKET_STATE_TTL = Duration.ofMinutes(5);

    private final S3Client s3;
    private final Clock clock;
    private final Map<String, Instant> neverVersionedUntil = new ConcurrentHashMap<>();

    public S3CurrentVersions(S3Client s3, Clock clock) {
        this.s3 = s3;
        this.clock = clock;
    }

    @Override
    public Map<ObjectId, Optional<String>> currentVersions(Set<ObjectId> objects) {
        Map<ObjectId, Optional<String>> answers = new LinkedHashMap<>();
        List<ObjectId> toAsk = new ArrayList<>();
        for (ObjectId object : objects) {
            if (object.versionId() != null) {
                throw new IllegalArgumentException("ask about the object without a version: " + object);
            }
            if (neverVersioned(object.bucket())) {
                answers.put(object, Optional.of(NULL_VERSION));
            } else {
                toAsk.add(object);
            }
        }
        if (toAsk.size() == 1) {
            answers.put(toAsk.getFirst(), head(toAsk.getFirst()));
        } else if (!toAsk.isEmpty()) {
            answers.putAll(headAll(toAsk));
        }
        return answers;
    }

    private Map<ObjectId, Optional<String>> headAll(List<ObjectId> objects) {
        return ConcurrentRequests.each(objects, CONCURRENCY, this::head, "asking S3 for current versions");
    }

    private Optional<String> head(ObjectId object) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (e.statusCode() == 403) {
                LOG.warn("HeadObject of {} was denied (request {}): its current version cannot be known", object,
                        e.requestId());
                return Optional.empty();
            }
            LOG.warn("HeadObject of {} failed (request {}): {}", object, e.requestId(), e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "asking S3 for an object's current version failed");
        } catch (SdkException e) {
            LOG.warn("HeadObject of {} failed: {}", object, e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "asking S3 for an object's current version failed");
        }
        String version = head.versionId();
        return Optional.of(version == null || version.isEmpty() ? NULL_VERSION : version);
    }

    private boolean neverVersioned(String bucket) {
        Instant now = clock.instant();
        Instant until = neverVersionedUntil.get(bucket);
        if (until != null && now.isBefore(until)) {
            return true;
        }
        String status;
        try {
            status = s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString();
        } catch (S3Exception e) {
            // Denied or unknown: ask about each object instead, which is never wrong.
            LOG.warn("GetBucketVersioning of {} failed (request {}): {}", bucket, e.requestId(), e.toString());
            return false;
        } catch (SdkException e) {
            LOG.warn("GetBucketVersioning of {} failed: {}", bucket, e.toString());
            return false;
        }
        boolean never = status == null || status.isEmpty();
        if (never) {
            neverVersionedUntil.put(bucket, now.plus(BUCKET_STATE_TTL));
        } else {
            neverVersionedUntil.remove(bucket);
        }
        return never;
    }
}
