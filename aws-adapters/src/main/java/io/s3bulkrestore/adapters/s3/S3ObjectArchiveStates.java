package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.restore.RestoreHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects' classes from HeadObject: {@code x-amz-storage-class} (absent for STANDARD) and, for Intelligent-Tiering,
 * {@code x-amz-archive-status} (ARCHIVE_ACCESS or DEEP_ARCHIVE_ACCESS while the object is in an archive tier, absent
 * otherwise: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). Asked only about the failed tasks
 * whose code leaves the class open, {@link S3ObjectSizes#CONCURRENCY} at a time. An object gone (404) or that S3 will
 * not describe (403) is left out, so its task keeps its code; any other failure (throttling, 5xx, no answer) fails the
 * call, and the monitor asks again next tick, having settled nothing of that batch.
 */
public final class S3ObjectArchiveStates implements ObjectArchiveStates {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectArchiveStates.class);

    private final S3Client s3;

    public S3ObjectArchiveStates(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Map<ObjectId, ObjectArchiveState> statesOf(List<ObjectId> objects) {
        Map<ObjectId, ObjectArchiveState> states = new LinkedHashMap<>();
        ConcurrentRequests.each(objects, S3ObjectSizes.CONCURRENCY, this::stateOf, "asking S3 for object classes")
                .forEach((object, state) -> state.ifPresent(found -> states.put(object, found)));
        return states;
    }

    private Optional<ObjectArchiveState> stateOf(ObjectId object) {
        HeadObjectRequest.Builder request = HeadObjectRequest.builder().bucket(object.bucket()).key(object.key());
        object.version().ifPresent(request::versionId);
        try {
            HeadObjectResponse head = s3.headObject(request.build());
            String storageClass = head.storageClassAsString();
            return Optional.of(new ObjectArchiveState(object, storageClass,
                    ArchiveClass.of(storageClass, head.archiveStatusAsString()),
                    head.contentLength() == null ? 0 : head.contentLength(), RestoreHeader.parse(head.restore())));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                LOG.info("HeadObject of s3://{}/{} for its class answered HTTP {} (request id {})", object.bucket(),
                        object.key(), e.statusCode(), e.requestId());
                return Optional.empty();
            }
            LOG.warn("HeadObject of s3://{}/{} for its class failed: HTTP {} (request id {})", object.bucket(),
                    object.key(), e.statusCode(), e.requestId());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "HeadObject failed (AWS request id "
                    + e.requestId() + ")", null, e);
        } catch (SdkException e) {
            LOG.warn("HeadObject of s3://{}/{} for its class failed: {}", object.bucket(), object.key(), e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "HeadObject failed (no answer from S3)", null, e);
        }
    }
}
