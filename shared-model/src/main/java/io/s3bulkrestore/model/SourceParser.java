package io.s3bulkrestore.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code source} object of a create-job request into a {@link RestoreSource}, or fails naming the field
 * at fault by its path ({@code source.storage_classes[1]}) and what is allowed. The limits are those of
 * Batch Operations' {@code JobManifestGeneratorFilter} and {@code KeyNameConstraint}
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_JobManifestGeneratorFilter.html), so a request
 * this accepts is one AWS accepts.
 */
final class SourceParser {

    static final String BUCKET = "bucket";
    static final String PREFIX = "prefix";
    static final String SUFFIX = "suffix";
    static final String SUBSTRING = "substring";
    static final String CREATED_AFTER = "created_after";
    static final String CREATED_BEFORE = "created_before";
    static final String SIZE_GREATER_THAN = "size_greater_than_bytes";
    static final String SIZE_LESS_THAN = "size_less_than_bytes";
    static final String STORAGE_CLASSES = "storage_classes";
    static final String VERSIONS = "versions";

    static final Set<String> FIELDS = Set.of(BUCKET, PREFIX, SUFFIX, SUBSTRING, CREATED_AFTER, CREATED_BEFORE,
            SIZE_GREATER_THAN, SIZE_LESS_THAN, STORAGE_CLASSES, VERSIONS);

    /** KeyNameConstraint strings: 1 to 1,024 characters. */
    static final int MAX_KEY_CONSTRAINT_CHARS = 1024;

    private SourceParser() {
    }

    static RestoreSource parse(String path, Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw ServiceException.invalid(path, path + " must be an object with bucket, prefix and filters, got "
                    + (value == null ? "null" : CreateJobRequestParser.jsonType(value)));
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> source = (Map<String, ?>) raw;
        for (String field : new TreeSet<>(source.keySet())) {
            if (!FIELDS.contains(field)) {
                throw ServiceException.invalid(path + "." + field, "unknown field '" + path + "." + field
                        + "'; allowed fields are " + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        String bucket = string(source, path, BUCKET);
        if (bucket == null) {
            throw ServiceException.invalid(path + "." + BUCKET, path + "." + BUCKET + " is required");
        }
        BucketNames.problemWith(bucket).ifPresent(problem -> {
            throw ServiceException.invalid(path + "." + BUCKET, "bucket '" + bucket
                    + "' is not a valid S3 bucket name: it " + problem);
        });
        String prefix = keyConstraint(source, path, PREFIX);
        String suffix = keyConstraint(source, path, SUFFIX);
        String substring = keyConstraint(source, path, SUBSTRING);

        Instant after = instant(source, path, CREATED_AFTER);
        Instant before = instant(source, path, CREATED_BEFORE);
        if (after != null && before != null && !after.isBefore(before)) {
            throw ServiceException.invalid(path + "." + CREATED_BEFORE, path + "." + CREATED_BEFORE + " ("
                    + before + ") must be later than " + path + "." + CREATED_AFTER + " (" + after + ")");
        }
        Long greater = size(source, path, SIZE_GREATER_THAN);
        Long less = size(source, path, SIZE_LESS_THAN);
        if (greater != null && less != null && less - greater < 2) {
            throw ServiceException.invalid(path + "." + SIZE_LESS_THAN, path + "." + SIZE_LESS_THAN + " (" + less
                    + ") leaves no size larger than " + path + "." + SIZE_GREATER_THAN + " (" + greater + ")");
        }
        List<SourceStorageClass> classes = storageClasses(source, path);

        String versions = string(source, path, VERSIONS);
        if (versions != null && !versions.equals("current")) {
            throw ServiceException.invalid(path + "." + VERSIONS, path + "." + VERSIONS + " must be current, got '"
                    + versions + "': the Batch Operations manifest generator lists current versions only; to restore"
                    + " other versions, list them with their version ids in a CSV manifest");
        }
        return new RestoreSource(bucket, prefix, suffix, substring, after, before, greater, less, classes);
    }

    private static List<SourceStorageClass> storageClasses(Map<String, ?> source, String path) {
        String field = path + "." + STORAGE_CLASSES;
        Object value = source.get(STORAGE_CLASSES);
        if (value == null) {
            return List.of(SourceStorageClass.values());
        }
        if (!(value instanceof List<?> list)) {
            throw ServiceException.invalid(field, field + " must be an array of storage classes, got "
                    + CreateJobRequestParser.jsonType(value));
        }
        if (list.isEmpty()) {
            throw ServiceException.invalid(field, field + " must name at least one of " + allowedClasses()
                    + " (leave it out for all of them)");
        }
        List<SourceStorageClass> classes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            Object item = list.get(i);
            if (!(item instanceof String name)) {
                throw ServiceException.invalid(at, at + " must be a string, got "
                        + (item == null ? "null" : CreateJobRequestParser.jsonType(item)));
            }
            SourceStorageClass storageClass = SourceStorageClass.parse(name).orElseThrow(() ->
                    ServiceException.invalid(at, at + " must be one of " + allowedClasses() + ", got '" + name + "'"
                            + (isNotArchived(name) ? ": objects of that class are readable as they are, with"
                            + " nothing to restore" : "")));
            if (classes.contains(storageClass)) {
                throw ServiceException.invalid(at, at + " repeats " + name);
            }
            classes.add(storageClass);
        }
        return classes;
    }

    private static boolean isNotArchived(String name) {
        return Set.of("STANDARD", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "REDUCED_REDUNDANCY").contains(name);
    }

    private static String allowedClasses() {
        return "GLACIER, DEEP_ARCHIVE, INTELLIGENT_TIERING";
    }

    private static String keyConstraint(Map<String, ?> source, String path, String name) {
        String value = string(source, path, name);
        if (value != null && (value.isEmpty() || value.length() > MAX_KEY_CONSTRAINT_CHARS)) {
            throw ServiceException.invalid(path + "." + name, path + "." + name + " must be 1 to "
                    + MAX_KEY_CONSTRAINT_CHARS + " characters (leave it out to match every key)");
        }
        return value;
    }

    private static Instant instant(Map<String, ?> source, String path, String name) {
        String value = string(source, path, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(path + "." + name, path + "." + name
                    + " must be an ISO-8601 instant such as 2024-01-31T00:00:00Z, got '" + value + "'");
        }
    }

    private static Long size(Map<String, ?> source, String path, String name) {
        String field = path + "." + name;
        Object value = source.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long bytes = ((Number) value).longValue();
            if (bytes < 0) {
                throw ServiceException.invalid(field, field + " must not be negative, got " + bytes);
            }
            return bytes;
        }
        throw ServiceException.invalid(field, field + " must be a whole number of bytes, got "
                + CreateJobRequestParser.jsonType(value));
    }

    private static String string(Map<String, ?> source, String path, String name) {
        Object value = source.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ServiceException.invalid(path + "." + name, path + "." + name + " must be a string, got "
                    + CreateJobRequestParser.jsonType(value));
        }
        return text;
    }
}
