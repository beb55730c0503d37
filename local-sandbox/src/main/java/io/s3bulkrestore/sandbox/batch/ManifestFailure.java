package io.s3bulkrestore.sandbox.batch;

/** Why a job's manifest could not be read; the job fails with this as its FailureReason. */
final class ManifestFailure extends Exception {

    ManifestFailure(String reason) {
        super(reason);
    }
}
