package io.s3bulkrestore.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code copy} object of a create-job request into a {@link CopySpec}, or fails naming the field at
 * fault by its path ({@code copy.storage_class}) and what is allowed.
 */
final class CopySpecParser {

    static final String DESTINATION_BUCKET = "destination_bucket";
    static final String SOURCE_PREFIX = DestinationKeys.SOURCE_PREFIX;
    static final String DESTINATION_PREFIX = DestinationKeys.DESTINATION_PREFIX;
    static final String STORAGE_CLASS = "storage_class";
    static final String KEEP_METADATA_AND_TAGS = "keep_metadata_and_tags";
    static final String KMS_KEY_ID = "kms_key_id";

    static final Set<String> FIELDS = Set.of(DESTINATION_BUCKET, SOURCE_PREFIX, DESTINATION_PREFIX, STORAGE_CLASS,
            KEEP_METADATA_AND_TAGS, KMS_KEY_ID);

    /** KMS key ids, ARNs and aliases are at most 2,048 characters (KMS API reference, KeyId). */
    static final int MAX_KMS_KEY_CHARS = 2048;

    private CopySpecParser() {
    }

    static CopySpec parse(String path, Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw ServiceException.invalid(path, path + " must be an object (destination_bucket, storage_class, ...;"
                    + " {} copies each object onto itself in STANDARD), got "
                    + (value == null ? "null" : CreateJobRequestParser.jsonType(value)));
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> copy = (Map<String, ?>) raw;
        for (String field : new TreeSet<>(copy.keySet())) {
            if (!FIELDS.contains(field)) {
                throw ServiceException.invalid(path + "." + field, "unknown field '" + path + "." + field
                        + "'; allowed fields are " + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        String bucket = string(copy, path, DESTINATION_BUCKET);
        if (bucket != null) {
            BucketNames.problemWith(bucket).ifPresent(problem -> {
                throw ServiceException.invalid(path + "." + DESTINATION_BUCKET, path + "." + DESTINATION_BUCKET + " '"
                        + bucket + "' is not a valid S3 bucket name: it " + problem);
            });
        }
        DestinationKeys keys;
        try {
            keys = DestinationKeys.of(string(copy, path, SOURCE_PREFIX), string(copy, path, DESTINATION_PREFIX));
        } catch (ServiceException e) {
            throw ServiceException.invalid(path + "." + e.field().orElse(""), path + "." + e.getMessage());
        }
        String classValue = string(copy, path, STORAGE_CLASS);
        TargetStorageClass storageClass = classValue == null ? TargetStorageClass.STANDARD
                : TargetStorageClass.parse(classValue).orElseThrow(() -> ServiceException.invalid(
                        path + "." + STORAGE_CLASS, path + "." + STORAGE_CLASS + " must be one of "
                                + TargetStorageClass.allowed() + ", got '" + classValue + "'"));
        Object keep = copy.get(KEEP_METADATA_AND_TAGS);
        if (keep != null && !(keep instanceof Boolean)) {
            throw ServiceException.invalid(path + "." + KEEP_METADATA_AND_TAGS, path + "." + KEEP_METADATA_AND_TAGS
                    + " must be true or false, got " + CreateJobRequestParser.jsonType(keep));
        }
        String kms = string(copy, path, KMS_KEY_ID);
        if (kms != null && (kms.isBlank() || kms.length() > MAX_KMS_KEY_CHARS
                || kms.chars().anyMatch(Character::isWhitespace))) {
            throw ServiceException.invalid(path + "." + KMS_KEY_ID, path + "." + KMS_KEY_ID + " must be a KMS key id,"
                    + " ARN or alias (at most " + MAX_KMS_KEY_CHARS + " characters, no spaces), or absent for the"
                    + " destination bucket's default encryption");
        }
        if (bucket == null && keys.keepsKeys() && storageClass.isArchive()) {
            throw ServiceException.invalid(path + "." + STORAGE_CLASS, path + "." + STORAGE_CLASS + " "
                    + storageClass + " would copy each object onto itself back into archive storage: give another"
                    + " storage class, or a destination_bucket or destination_prefix");
        }
        return new CopySpec(bucket, keys, storageClass, keep == null || (Boolean) keep, kms);
    }

    private static String string(Map<String, ?> copy, String path, String field) {
        Object value = copy.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ServiceException.invalid(path + "." + field, path + "." + field + " must be a string, got "
                    + CreateJobRequestParser.jsonType(value));
        }
        return text;
    }
}
