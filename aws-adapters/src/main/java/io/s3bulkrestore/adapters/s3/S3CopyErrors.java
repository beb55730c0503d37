package io.s3bulkrestore.adapters.s3;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Set;

/**
 * S3's answers to the requests of a copy, sorted by what they mean for it. Codes from "Error responses" in the S3 API
 * reference (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html):
 * <ul>
 *   <li>retryable: {@code SlowDown} (503, "reduce your request rate"), {@code InternalError} (500),
 *       {@code ServiceUnavailable} (503), {@code RequestTimeout} (400), {@code OperationAborted} (409, a conflicting
 *       operation in progress), and every other 5xx: the same request is sent again after a backoff;</li>
 *   <li>a race: {@code ConditionalRequestConflict} (409, a concurrent conditional write; "re-initiate the multipart
 *       upload"), {@code PreconditionFailed} (412: the source or the destination changed between our HeadObject
 *       and the write), {@code NoSuchUpload} (404: the multipart upload was completed or aborted meanwhile, by a
 *       duplicate task's copier or a lifecycle rule) and {@code InvalidPart} (400: a part listed for the completion is
 *       no longer the one uploaded, overwritten by such a duplicate). The same request would fail again: the copy
 *       fails retryable, and the next copy reads the source and the destination again;</li>
 *   <li>the source's restored copy is gone: {@code ObjectNotInActiveTierError} (403, "the source object of the COPY
 *       action is not in the active tier and is only stored in Amazon S3 Glacier") and {@code InvalidObjectState}
 *       (403, the same for a GET or a part copy of an archived object);</li>
 *   <li>everything else is permanent: {@code AccessDenied}, {@code NoSuchBucket}, {@code NoSuchKey},
 *       {@code MetadataTooLarge}, {@code InvalidRequest}, KMS errors, ...</li>
 * </ul>
 * A HeadObject error has no body, so no code: one is named from the status.
 */
final class S3CopyErrors {

    private static final Set<String> RETRYABLE = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "OperationAborted", "Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequests");
    private static final Set<String> RACE = Set.of("ConditionalRequestConflict", "PreconditionFailed",
            "NoSuchUpload", "InvalidPart");
    private static final Set<String> SOURCE_NOT_RESTORED = Set.of("ObjectNotInActiveTierError", "InvalidObjectState");

    private S3CopyErrors() {
    }

    static CopyFailure classify(SdkException failure) {
        if (failure instanceof S3Exception s3) {
            String code = code(s3);
            int status = s3.statusCode();
            CopyFailure.Kind kind;
            if (SOURCE_NOT_RESTORED.contains(code)) {
                kind = CopyFailure.Kind.SOURCE_NOT_RESTORED;
            } else if (RACE.contains(code)) {
                kind = CopyFailure.Kind.RACE;
            } else if (RETRYABLE.contains(code) || status >= 500 || status == 429) {
                kind = CopyFailure.Kind.RETRYABLE;
            } else {
                kind = CopyFailure.Kind.PERMANENT;
            }
            return new CopyFailure(kind, code, status, s3.requestId());
        }
        // No answer from S3 (connection reset, timeout): the request may or may not have been carried out; every
        // request of a copy can be repeated.
        boolean retryable = failure instanceof SdkClientException || failure.retryable();
        return new CopyFailure(retryable ? CopyFailure.Kind.RETRYABLE : CopyFailure.Kind.PERMANENT, "NetworkError", 0,
                null);
    }

    private static String code(S3Exception s3) {
        String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
        if (code != null && !code.isBlank() && code.chars().noneMatch(Character::isWhitespace)) {
            return code;
        }
        return switch (s3.statusCode()) {
            case 400 -> "BadRequest";
            case 403 -> "AccessDenied";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 412 -> "PreconditionFailed";
            case 500 -> "InternalError";
            case 503 -> "SlowDown";
            default -> "Http" + s3.statusCode();
        };
    }
}
