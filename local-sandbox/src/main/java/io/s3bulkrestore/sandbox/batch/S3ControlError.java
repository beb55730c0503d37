package io.s3bulkrestore.sandbox.batch;

/**
 * An S3 Control error answer: HTTP status and the error code the SDK maps to its exception types
 * ({@code JobStatusException}, {@code NotFoundException}, ...).
 */
final class S3ControlError extends RuntimeException {

    private final int httpStatus;
    private final String code;

    S3ControlError(int httpStatus, String code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** A malformed or incomplete request; real S3 Control answers these with 400 InvalidRequest. */
    static S3ControlError invalidRequest(String message) {
        return new S3ControlError(400, "InvalidRequest", message);
    }

    static S3ControlError noSuchJob(String jobId) {
        // The service model's NotFoundException (404), which the SDK raises as a typed exception.
        return new S3ControlError(404, "NotFoundException", "The specified job " + jobId + " does not exist");
    }

    /** The model's JobStatusException (409): the job's status does not allow the requested change. */
    static S3ControlError jobStatus(String message) {
        return new S3ControlError(409, "JobStatusException", message);
    }

    /** The model's IdempotencyException (409): a client request token reused with different parameters. */
    static S3ControlError idempotency(String token) {
        return new S3ControlError(409, "IdempotencyException",
                "The client request token " + token + " was already used for a job with different parameters");
    }

    static S3ControlError invalidNextToken(String token) {
        return new S3ControlError(400, "InvalidNextTokenException", "The next token " + token + " is not valid");
    }

    int httpStatus() {
        return httpStatus;
    }

    String code() {
        return code;
    }
}
