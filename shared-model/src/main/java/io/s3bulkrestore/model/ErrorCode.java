package io.s3bulkrestore.model;

/** Stable error codes clients can branch on. The API layer maps each to one HTTP status. */
public enum ErrorCode {
    /** The request is malformed; the message names the field. */
    VALIDATION_FAILED,
    /** The body is larger than the service accepts. */
    PAYLOAD_TOO_LARGE,
    /** The bucket is outside the stack's configured allow-list. */
    BUCKET_NOT_ALLOWED,
    /** No job, or no route, of that name. */
    NOT_FOUND,
    /** The route exists but not for this HTTP method. */
    METHOD_NOT_ALLOWED,
    /** The Idempotency-Key was used before with a different request body. */
    IDEMPOTENCY_CONFLICT,
    /** The job cannot make that transition (for example cancelling a finished job). */
    INVALID_STATE,
    /** The manifest object is missing or cannot be read. */
    MANIFEST_UNAVAILABLE,
    /** An AWS call failed; the message carries the AWS request id, never the AWS error text. */
    UPSTREAM_FAILED
}
