package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;

/**
 * One task's result, as the completion report records it.
 *
 * @param errorCode  S3's error code for a failed task, null for a succeeded one
 * @param httpStatus the status S3 answered the RestoreObject call with
 */
record TaskOutcome(ObjectId object, boolean succeeded, int httpStatus, String errorCode, String resultMessage) {

    static TaskOutcome succeeded(ObjectId object, int httpStatus, String resultMessage) {
        return new TaskOutcome(object, true, httpStatus, null, resultMessage);
    }

    static TaskOutcome failed(ObjectId object, int httpStatus, String errorCode, String resultMessage) {
        return new TaskOutcome(object, false, httpStatus, errorCode, resultMessage);
    }
}
