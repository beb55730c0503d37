package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.ObjectSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Objects' sizes from HeadObject (Content-Length), which answers for archived objects too: only GET needs a
 * restored copy. A HEAD is a GET-class request ($0.0004 per 1,000 in us-east-1), which is why a quote asks a sample;
 * they run {@link #CONCURRENCY} at a time, so the monitor's tick does not wait on them one by one.
 */
public final class S3ObjectSizes implements ObjectSizes {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectSizes.class);

    static final int CONCURRENCY = 16;

    private final S3Client s3;

    public S3ObjectSizes(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Map<ObjectId, Long> sizesOf(List<ObjectId> objects) {
        Map<ObjectId, Long> sizes = new LinkedHashMap<>();
        ConcurrentRequests.each(objects, CONCURRENCY, this::sizeOf, "asking S3 for object sizes")
                .forEach((object, size) -> size.ifPresent(bytes -> sizes.put(object, bytes)));
        return sizes;
    }

    private OptionalLong sizeOf(ObjectId object) {
        HeadObjectRequest.Builder request = HeadObjectRequest.builder().bucket(object.bucket()).key(object.key());
        object.version().ifPresent(request::versionId);
        try {
            Long length = s3.headObject(request.build()).contentLength();
            return length == null ? OptionalLong.empty() : OptionalLong.of(length);
        } catch (AwsServiceException e) {
            LOG.info("HeadObject of s3://{}/{} for its size answered HTTP {} (request id {})", object.bucket(),
                    object.key(), e.statusCode(), e.requestId());
            return OptionalLong.empty();
        } catch (SdkException e) {
            LOG.info("HeadObject of s3://{}/{} for its size failed: {}", object.bucket(), object.key(), e.toString());
            return OptionalLong.empty();
        }
    }
}
