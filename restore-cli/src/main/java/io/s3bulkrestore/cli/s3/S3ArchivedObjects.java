package io.s3bulkrestore.cli.s3;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.restore.ObjectOutcome;
import io.s3bulkrestore.restore.ObjectResult;
import io.s3bulkrestore.restore.RestoreAction;
import io.s3bulkrestore.restore.RestoreHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.RestoreObjectResponse;
import software.amazon.awssdk.services.s3.model.RestoreRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tier;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@link ArchivedObjects} over the S3 API. Every call first takes a permit from the rate limiter; the
 * client itself retries throttling with backoff (see {@code AwsClients.forCli}).
 */
public final class S3ArchivedObjects implements ArchivedObjects {

    private static final Logger LOG = LoggerFactory.getLogger(S3ArchivedObjects.class);

    private final S3Client s3;
    private final RateLimiter limiter;

    public S3ArchivedObjects(S3Client s3, RateLimiter limiter) {
        this.s3 = s3;
        this.limiter = limiter;
    }

    @Override
    public Lookup state(ObjectId id) {
        limiter.acquire();
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId()));
            String storageClass = head.storageClassAsString();
            return new Lookup.Found(new ObjectArchiveState(id, storageClass,
                    ArchiveClass.of(storageClass, head.archiveStatusAsString()),
                    head.contentLength() == null ? 0 : head.contentLength(),
                    RestoreHeader.parse(head.restore())));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return new Lookup.Missing("no such object" + (id.versionId() == null ? "" : " version"));
            }
            return new Lookup.Failed(logged("HeadObject", id, e));
        } catch (SdkClientException e) {
            LOG.warn("HeadObject {} failed: {}", id, e.getMessage());
            return new Lookup.Failed("HeadObject failed: could not reach S3");
        }
    }

    @Override
    public void list(String bucket, String prefix, Predicate<String> keyFilter, Consumer<Listed> each) {
        String token = null;
        do {
            String continuation = token;
            limiter.acquire();
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                    .continuationToken(continuation)
                    .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS));
            for (S3Object object : page.contents()) {
                if (keyFilter.test(object.key())) {
                    each.accept(listed(bucket, object));
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    private static Listed listed(String bucket, S3Object object) {
        String storageClass = object.storageClassAsString();
        Optional<RestoreHeader> restore = Optional.ofNullable(object.restoreStatus()).map(status ->
                Boolean.TRUE.equals(status.isRestoreInProgress())
                        ? RestoreHeader.inProgress()
                        : RestoreHeader.restoredUntil(status.restoreExpiryDate()));
        ObjectArchiveState state = new ObjectArchiveState(ObjectId.of(bucket, object.key()), storageClass,
                ArchiveClass.of(storageClass, null), object.size() == null ? 0 : object.size(), restore);
        return new Listed(state, "INTELLIGENT_TIERING".equals(storageClass));
    }

    @Override
    public ObjectResult restore(ObjectArchiveState state, RestoreAction.Restore action) {
        ObjectId id = state.id();
        RestoreRequest.Builder request = RestoreRequest.builder()
                .glacierJobParameters(p -> p.tier(Tier.fromValue(action.tier().s3Name())));
        action.days().ifPresent(request::days);
        limiter.acquire();
        try {
            RestoreObjectResponse response = s3.restoreObject(b -> b.bucket(id.bucket()).key(id.key())
                    .versionId(id.versionId()).restoreRequest(request.build()));
            int status = response.sdkHttpResponse().statusCode();
            if (status == 202) {
                return result(state, ObjectOutcome.RESTORE_STARTED, action.days().isPresent()
                        ? "restore started, tier " + action.tier().s3Name() + ", " + action.days().getAsInt() + " days"
                        : "restore started, tier " + action.tier().s3Name() + " (Intelligent-Tiering: no days)");
            }
            // 200: a restored copy already existed; S3 has set its expiry from the new Days.
            return action.extension()
                    ? result(state, ObjectOutcome.EXPIRY_EXTENDED, "restored copy kept for "
                    + action.days().orElse(0) + " days from now")
                    : result(state, ObjectOutcome.ALREADY_RESTORED, "a restored copy already existed");
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 409 && "RestoreAlreadyInProgress".equals(code)) {
                return result(state, ObjectOutcome.IN_PROGRESS, "a restore is already in progress");
            }
            if (e.statusCode() == 403 && "ObjectAlreadyInActiveTierError".equals(code)) {
                return result(state, ObjectOutcome.NOT_ARCHIVED, "already in an active Intelligent-Tiering tier");
            }
            if (e.statusCode() == 403 && "InvalidObjectState".equals(code)) {
                return result(state, ObjectOutcome.NOT_ARCHIVED, "S3 says the storage class takes no restore");
            }
            return result(state, ObjectOutcome.FAILED, logged("RestoreObject", id, e));
        } catch (SdkClientException e) {
            LOG.warn("RestoreObject {} failed: {}", id, e.getMessage());
            return result(state, ObjectOutcome.FAILED, "RestoreObject failed: could not reach S3");
        }
    }

    private static ObjectResult result(ObjectArchiveState state, ObjectOutcome outcome, String detail) {
        return new ObjectResult(state.id(), state.storageClass(), state.size(), outcome, Optional.empty(), detail);
    }

    /** Logs AWS's text; returns our own sentence with the error code and request id. */
    private static String logged(String operation, ObjectId id, S3Exception e) {
        String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
        LOG.warn("{} {} failed: HTTP {} {} {} (request id {})", operation, id, e.statusCode(), code,
                e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage(), e.requestId());
        boolean throttled = e.statusCode() == 503 || "SlowDown".equals(code) || e.isThrottlingException();
        return operation + " failed: " + (throttled ? "throttled by S3 after retries" : "HTTP " + e.statusCode())
                + " " + code + " (AWS request id " + e.requestId() + ")";
    }
}
