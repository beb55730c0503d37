package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import io.s3bulkrestore.restore.RestoreHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Optional;

/** HeadObject's {@code x-amz-restore}, parsed (never string-compared). A missing object has no restore. */
public final class S3RestoreStatusChecker implements RestoreStatusChecker {

    private static final Logger LOG = LoggerFactory.getLogger(S3RestoreStatusChecker.class);

    private final S3Client s3;

    public S3RestoreStatusChecker(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Optional<RestoreHeader> restoreStatus(ObjectId object) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> {
                b.bucket(object.bucket()).key(object.key());
                object.version().ifPresent(b::versionId);
            });
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            LOG.warn("HeadObject of {} failed (request {}): {}", object, e.requestId(), e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "checking an object's restore status failed");
        } catch (SdkException e) {
            LOG.warn("HeadObject of {} failed: {}", object, e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "checking an object's restore status failed");
        }
        try {
            return RestoreHeader.parse(head.restore());
        } catch (IllegalArgumentException e) {
            LOG.warn("Unreadable x-amz-restore on {}: {}", object, head.restore());
            return Optional.empty();
        }
    }
}
