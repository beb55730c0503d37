package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.RestoreObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * One S3InitiateRestoreObject task: a RestoreObject call through the S3 API, its answer turned into the
 * task's outcome: succeeded with S3's status (202 restore started, 200 already restored), or failed with S3's
 * error code and status. A Glacier restore names its days; an Intelligent-Tiering one (no ExpirationInDays) does not.
 */
final class RestoreInitiator {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreInitiator.class);

    private final S3Client s3;

    RestoreInitiator(S3Client s3) {
        this.s3 = s3;
    }

    TaskOutcome restore(ObjectId object, JobSpec.RestoreOperation operation) {
        try {
            RestoreObjectResponse response = s3.restoreObject(b -> b
                    .bucket(object.bucket())
                    .key(object.key())
                    .versionId(object.versionId())
                    .restoreRequest(r -> r
                            .days(operation.expirationInDays())
                            .glacierJobParameters(g -> g.tier(Tier.fromValue(operation.glacierJobTier())))));
            return TaskOutcome.succeeded(object, response.sdkHttpResponse().statusCode(), "Successful");
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            // Every error fails the task with S3's code and status, as Batch Operations reports it. That includes
            // 409 RestoreAlreadyInProgress (a manifest listing an object twice, or two jobs overlapping): AWS fails
            // that task too, and it is for the reader of the completion report to know the object is still coming.
            LOG.debug("restore of {} failed: {} {}", object, code, message);
            return TaskOutcome.failed(object, e.statusCode(), code == null ? "UnknownError" : code,
                    message == null ? code : message);
        } catch (SdkException e) {
            LOG.warn("restore of {} got no answer from S3: {}", object, e.toString());
            return TaskOutcome.failed(object, 500, "InternalError", "S3 did not answer the RestoreObject request");
        }
    }
}
