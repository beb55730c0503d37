package io.s3bulkrestore.tracking;

import java.util.Locale;

/**
 * What a failed Batch Operations restore task's error code means for its object (DESIGN §3). A task fails
 * when RestoreObject answers with an error, and not every error means the object will not be restored:
 * <ul>
 *   <li>{@code RestoreAlreadyInProgress} (409): a restore of that object version is already running, started by
 *       an overlapping job or by an earlier line of the same manifest. The object stays pending and is credited
 *       by its restore event or by reconciliation.</li>
 *   <li>{@code ObjectAlreadyInActiveTierError} (403): an Intelligent-Tiering object in an access tier, so it
 *       is readable as it is. Not archived: skipped, counted apart from failures.</li>
 *   <li>{@value #NOT_ARCHIVED_CODE} (ours, not S3's): the monitor asked S3 (HeadObject) about an object whose task
 *       failed with a code that leaves its class open ({@link #leavesClassOpen}) and found it readable as it is
 *       (STANDARD, an Intelligent-Tiering access tier, ...). Not archived: skipped.</li>
 *   <li>Anything else (AccessDenied, NoSuchKey, NoSuchVersion, InvalidObjectState, SlowDown, InternalError,
 *       an HTTP status alone, ...): the object was not restored; a failure with its code.</li>
 * </ul>
 * An object already restored is not an error at all: RestoreObject answers 200 and the task succeeds; its
 * restore is credited by reconciliation. Error codes from the RestoreObject API reference:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html
 */
public enum TaskErrorCode {
    /** The object's restore is under way: nothing to settle now. */
    STILL_PENDING,
    /** The object is not archived: there is nothing to restore. */
    NOT_ARCHIVED,
    /** The object was not restored. */
    FAILED;

    /**
     * Classifies a completion report's error code. Reports name the code alone ({@code RestoreAlreadyInProgress});
     * a code with its HTTP status before it ({@code 409: RestoreAlreadyInProgress}) or a status alone
     * ({@code HTTP 409}: RestoreObject answers 409 only for a restore in progress) is read the same way.
     */
    /** The code the monitor gives a failed task whose object HeadObject showed to be readable as it is. */
    public static final String NOT_ARCHIVED_CODE = "NotArchived";

    /**
     * Whether the code leaves open if the object is archived, and how, so that asking S3 (HeadObject) is worth it:
     * {@code InvalidObjectState} is what RestoreObject answers for an object of a class that is never archived
     * (STANDARD, STANDARD_IA, GLACIER_IR, ...); {@code InvalidArgument}, {@code InvalidRequest} and
     * {@code MalformedXML} are what a request of the wrong shape for the object's class draws (a number of days sent
     * to an Intelligent-Tiering archive tier, none to a Glacier class). AWS documents that those requests fail, not
     * with which code, so every code of a malformed request is checked.
     */
    public static boolean leavesClassOpen(String errorCode) {
        String code = errorCode == null ? "" : errorCode.toLowerCase(Locale.ROOT);
        return code.contains("invalidobjectstate") || code.contains("invalidargument")
                || code.contains("invalidrequest") || code.contains("malformedxml");
    }

    public static TaskErrorCode classify(String errorCode) {
        String code = errorCode == null ? "" : errorCode.toLowerCase(Locale.ROOT);
        if (code.contains("restorealreadyinprogress") || code.strip().equals("http 409")) {
            return STILL_PENDING;
        }
        if (code.contains("objectalreadyinactivetiererror") || code.startsWith(NOT_ARCHIVED_CODE.toLowerCase(Locale.ROOT))) {
            return NOT_ARCHIVED;
        }
        return FAILED;
    }
}
