package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.RestoreObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

import java.util.Optional;

/**
 * One S3InitiateRestoreObject task: a RestoreObject call through the S3 API, its answer turned into the
 * task's outcome: succeeded with S3's status (202 restore started, 200 already restored), or failed with S3's
 * error code and status. A Glacier restore names its days; an Intelligent-Tiering one (no ExpirationInDays) does not.
 * A started restore is handed to the {@link RestoreCompleter}.
 *
 * <p>moto has no Intelligent-Tiering access tiers: it answers every RestoreObject on an INTELLIGENT_TIERING object
 * with 403 InvalidObjectState. Only on that answer (the Glacier path stays one call) the object is HEADed, version
 * pinned, and an INTELLIGENT_TIERING one is answered as S3 answers, its tier read from the sandbox's tag
 * ({@link IntelligentTieringTiers}):
 * <ul>
 *   <li>in an archive tier, no ExpirationInDays: 202, and the restore completes after the restore span, the object
 *       back in Frequent Access (https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html);
 *       while it runs, another request meets 409 RestoreAlreadyInProgress;</li>
 *   <li>in an archive tier with ExpirationInDays: the task fails. AWS documents only that it fails ("specifying
 *       ExpirationInDays results in restore request failure",
 *       https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_S3InitiateRestoreObjectOperation.html), not
 *       the code: 400 {@value #DAYS_NOT_ALLOWED} is the emulator's choice;</li>
 *   <li>in any other tier: 403 ObjectAlreadyInActiveTierError (the RestoreObject error of
 *       https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html).</li>
 * </ul>
 * Objects of other classes keep moto's 403 InvalidObjectState (STANDARD, STANDARD_IA, ...: nothing to restore).
 * A GLACIER or DEEP_ARCHIVE object without ExpirationInDays fails 400 {@value #DAYS_REQUIRED}: S3 requires the days
 * there ("S3 Initiate Restore Object jobs that target S3 Glacier and S3 Glacier Deep Archive objects require
 * ExpirationInDays set to 1 or greater", the page above; "The Days element is required for regular restores",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreRequest.html) without documenting the code; moto accepts
 * such a request and restores nothing, which would leave the object pending for ever.
 */
final class RestoreInitiator {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreInitiator.class);

    static final String ALREADY_IN_ACTIVE_TIER = "ObjectAlreadyInActiveTierError";
    /** The emulator's code for days asked of an archive-tier object: AWS documents a failure, not its code. */
    static final String DAYS_NOT_ALLOWED = "InvalidArgument";
    static final String ALREADY_IN_PROGRESS = "RestoreAlreadyInProgress";
    /** The emulator's code for no days asked of a Glacier-class object: AWS documents the days as required, no code. */
    static final String DAYS_REQUIRED = "InvalidArgument";

    private final S3Client s3;
    private final RestoreCompleter completer;

    RestoreInitiator(S3Client s3, RestoreCompleter completer) {
        this.s3 = s3;
        this.completer = completer;
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
            if (operation.expirationInDays() == null) {
                // moto restored nothing and said yes: only GLACIER and DEEP_ARCHIVE objects reach here (it answers
                // every other class InvalidObjectState), and S3 refuses them a restore without days.
                return TaskOutcome.failed(object, 400, DAYS_REQUIRED, "Days is required to restore an object of the"
                        + " GLACIER or DEEP_ARCHIVE storage class");
            }
            completer.restoreInitiated(object);
            return TaskOutcome.succeeded(object, response.sdkHttpResponse().statusCode(), "Successful");
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            if ("InvalidObjectState".equals(code)) {
                Optional<TaskOutcome> tiered = asIntelligentTiering(object, operation);
                if (tiered.isPresent()) {
                    return tiered.get();
                }
            }
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

    /** S3's answer for an INTELLIGENT_TIERING object; empty for an object of another class (moto's answer holds). */
    private Optional<TaskOutcome> asIntelligentTiering(ObjectId object, JobSpec.RestoreOperation operation) {
        StorageClass storageClass = s3.headObject(b -> b.bucket(object.bucket()).key(object.key())
                .versionId(object.versionId())).storageClass();
        if (storageClass != StorageClass.INTELLIGENT_TIERING) {
            return Optional.empty();
        }
        if (IntelligentTieringTiers.archiveTierOf(s3, object).isEmpty()) {
            return Optional.of(TaskOutcome.failed(object, 403, ALREADY_IN_ACTIVE_TIER,
                    "This action is not allowed against this storage tier."));
        }
        if (operation.expirationInDays() != null) {
            return Optional.of(TaskOutcome.failed(object, 400, DAYS_NOT_ALLOWED,
                    "Days must not be specified to restore an object from an S3 Intelligent-Tiering archive tier"));
        }
        if (!completer.tierRestoreInitiated(object)) {
            return Optional.of(TaskOutcome.failed(object, 409, ALREADY_IN_PROGRESS,
                    "Object restore is already in progress"));
        }
        return Optional.of(TaskOutcome.succeeded(object, 202, "Successful"));
    }
}
