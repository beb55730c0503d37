package io.s3bulkrestore.adapters.config;

import io.s3bulkrestore.adapters.s3.S3CopySettings;

import java.util.List;
import java.util.Map;

/**
 * Everything the copy function reads from its environment, read once at init.
 *
 * @param jobsTable          JobsTable name (each task's job and its copy option)
 * @param objectsTable       ObjectsTable name (each object's record, where its copy is recorded)
 * @param maxAttempts        deliveries of a task that may fail for a passing reason (throttling, S3 errors) before
 *                           the copy is recorded failed; the queue's maxReceiveCount must be larger
 * @param multipartThreshold objects larger than this are copied in parts (UploadPartCopy)
 * @param partSize           the size of those parts
 * @param copyQueueUrl       the copy queue itself: a task handed back is hidden there for a backoff
 */
public record CopyFunctionConfig(String jobsTable, String objectsTable, int maxAttempts, long multipartThreshold,
                                 long partSize, String copyQueueUrl) {

    public static final String COPY_MAX_ATTEMPTS = "COPY_MAX_ATTEMPTS";
    public static final String COPY_MULTIPART_THRESHOLD_BYTES = "COPY_MULTIPART_THRESHOLD_BYTES";
    public static final String COPY_PART_SIZE_BYTES = "COPY_PART_SIZE_BYTES";

    public static final String DEFAULT_MAX_ATTEMPTS = "5";

    public static final List<String> VARIABLES = List.of(ApiFunctionConfig.JOBS_TABLE, ApiFunctionConfig.OBJECTS_TABLE,
            COPY_MAX_ATTEMPTS, COPY_MULTIPART_THRESHOLD_BYTES, COPY_PART_SIZE_BYTES, TallyFunctionConfig.COPY_QUEUE_URL);

    public static CopyFunctionConfig fromEnv(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        S3CopySettings defaults = S3CopySettings.defaults();
        var config = new CopyFunctionConfig(reader.required(ApiFunctionConfig.JOBS_TABLE),
                reader.required(ApiFunctionConfig.OBJECTS_TABLE),
                (int) reader.positiveNumber(COPY_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS),
                (long) reader.positiveNumber(COPY_MULTIPART_THRESHOLD_BYTES, Long.toString(defaults.multipartThreshold())),
                (long) reader.positiveNumber(COPY_PART_SIZE_BYTES, Long.toString(defaults.partSize())),
                reader.required(TallyFunctionConfig.COPY_QUEUE_URL));
        try {
            config.copySettings();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variables " + COPY_MULTIPART_THRESHOLD_BYTES + " / "
                    + COPY_PART_SIZE_BYTES + ": " + e.getMessage(), e);
        }
        return config;
    }

    /** How the copier copies: the defaults, with this function's multipart threshold and part size. */
    public S3CopySettings copySettings() {
        return S3CopySettings.defaults().withMultipart(multipartThreshold, partSize);
    }
}
