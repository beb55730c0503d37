package io.s3bulkrestore.sandbox.batch;

/**
 * Why a job's list of objects could not be made (its manifest read, or generated); the job fails with this
 * code and reason as its FailureCode and FailureReason.
 */
final class ManifestFailure extends Exception {

    /** A manifest the caller wrote could not be read or did not match its ETag. */
    static final String MANIFEST_FAILURE = "ManifestFailure";
    /** A manifest generator could not list its source bucket, or could not write the generated manifest. */
    static final String GENERATION_FAILURE = "ManifestGenerationFailure";

    private final String code;

    ManifestFailure(String reason) {
        this(MANIFEST_FAILURE, reason);
    }

    ManifestFailure(String code, String reason) {
        super(reason);
        this.code = code;
    }

    String code() {
        return code;
    }
}
