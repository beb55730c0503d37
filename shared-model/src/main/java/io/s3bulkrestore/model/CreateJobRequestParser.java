package io.s3bulkrestore.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the fields of a parsed JSON body into a {@link CreateJobRequest}, or fails naming the first
 * field at fault and what is allowed. Unknown fields are rejected, so a misspelt optional field
 * (say {@code expiration_day}) is an error rather than a silently different job.
 */
public final class CreateJobRequestParser {

    public static final String BUCKET = "bucket";
    public static final String KEY = "key";
    public static final String TIER = "tier";
    public static final String EXPIRATION_DAYS = "expiration_days";
    public static final String STORAGE = "storage";
    public static final String MANIFEST_FORMAT = "manifest_format";
    public static final String CLIENT_TAG = "client_tag";
    public static final String SOURCE = "source";
    public static final String CONFIRM = "confirm";
    public static final String COPY = "copy";

    public static final Set<String> FIELDS =
            Set.of(BUCKET, KEY, TIER, EXPIRATION_DAYS, STORAGE, MANIFEST_FORMAT, CLIENT_TAG, SOURCE, CONFIRM, COPY);

    public static final int MAX_KEY_BYTES = 1024;
    public static final int MIN_EXPIRATION_DAYS = 1;
    public static final int MAX_EXPIRATION_DAYS = 365;
    public static final int MAX_CLIENT_TAG_CHARS = 256;

    /** The character set S3 allows in tag values. */
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private CreateJobRequestParser() {
    }

    /**
     * @param body the JSON object as a map of field name to JSON value (String, Number, Boolean, List,
     *             Map or null)
     */
    public static CreateJobRequest parse(Map<String, ?> body) {
        CreateJobRequest request = parseRestore(body);
        return body.containsKey(COPY) ? request.withCopy(CopySpecParser.parse(COPY, body.get(COPY))) : request;
    }

    private static CreateJobRequest parseRestore(Map<String, ?> body) {
        for (String field : new TreeSet<>(body.keySet())) {
            if (!FIELDS.contains(field)) {
                throw ServiceException.invalid(field, "unknown field '" + field + "'; allowed fields are "
                        + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        if (body.containsKey(SOURCE)) {
            for (String manifestOnly : List.of(BUCKET, KEY, STORAGE, MANIFEST_FORMAT)) {
                if (body.containsKey(manifestOnly)) {
                    fail(manifestOnly, manifestOnly + " must not be given with source: a job restores either the"
                            + " objects a manifest lists (bucket, key) or those a source selects, and a source job's"
                            + " storage classes are source.storage_classes");
                }
            }
            return parseSourceJob(body);
        }
        String bucket = requiredString(body, BUCKET);
        BucketNames.problemWith(bucket).ifPresent(problem ->
                fail(BUCKET, "bucket '" + bucket + "' is not a valid S3 bucket name: it " + problem));

        String key = requiredString(body, KEY);
        if (key.isEmpty()) {
            fail(KEY, "key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            fail(KEY, "key must be at most " + MAX_KEY_BYTES + " bytes in UTF-8");
        }

        RestoreTier tier = parseTier(optionalString(body, TIER));
        StorageFamily storage = parseStorage(optionalString(body, STORAGE));
        Integer days = optionalInteger(body, EXPIRATION_DAYS);
        if (storage.takesExpirationDays()) {
            if (days == null) {
                fail(EXPIRATION_DAYS, "expiration_days is required for storage GLACIER: how many days ("
                        + MIN_EXPIRATION_DAYS + "-" + MAX_EXPIRATION_DAYS + ") the restored copy stays available");
            }
            checkDays(days);
        } else if (days != null) {
            fail(EXPIRATION_DAYS, "expiration_days must not be set for storage INTELLIGENT_TIERING: "
                    + "restored objects move back to the Frequent Access tier and do not expire");
        }
        ManifestFormat format = parseFormat(optionalString(body, MANIFEST_FORMAT));
        String clientTag = parseClientTag(body);
        // A manifest job starts at once unless it asks for a quote first (confirm manual).
        ConfirmMode confirm = parseConfirm(optionalString(body, CONFIRM), ConfirmMode.AUTO);
        return new CreateJobRequest(bucket, key, tier, days, storage, format, clientTag, null, confirm);
    }

    private static CreateJobRequest parseSourceJob(Map<String, ?> body) {
        RestoreSource source = SourceParser.parse(SOURCE, body.get(SOURCE));
        RestoreTier tier = parseTier(optionalString(body, TIER));
        Integer days = optionalInteger(body, EXPIRATION_DAYS);
        if (source.hasGlacierClasses()) {
            if (days == null) {
                fail(EXPIRATION_DAYS, "expiration_days is required when source.storage_classes include GLACIER or"
                        + " DEEP_ARCHIVE: how many days (" + MIN_EXPIRATION_DAYS + "-" + MAX_EXPIRATION_DAYS
                        + ") the restored copies stay available");
            }
            checkDays(days);
        } else if (days != null) {
            fail(EXPIRATION_DAYS, "expiration_days must not be set when source.storage_classes are only"
                    + " INTELLIGENT_TIERING: restored objects move back to the Frequent Access tier and do not expire");
        }
        String clientTag = parseClientTag(body);
        ConfirmMode confirm = parseConfirm(optionalString(body, CONFIRM), ConfirmMode.MANUAL);
        return CreateJobRequest.ofSource(source, tier, days, clientTag, confirm);
    }

    private static void checkDays(int days) {
        if (days < MIN_EXPIRATION_DAYS || days > MAX_EXPIRATION_DAYS) {
            fail(EXPIRATION_DAYS, "expiration_days must be between " + MIN_EXPIRATION_DAYS + " and "
                    + MAX_EXPIRATION_DAYS + ", got " + days);
        }
    }

    private static ConfirmMode parseConfirm(String value, ConfirmMode defaultMode) {
        if (value == null) {
            return defaultMode;
        }
        return switch (value) {
            case "auto" -> ConfirmMode.AUTO;
            case "manual" -> ConfirmMode.MANUAL;
            default -> throw ServiceException.invalid(CONFIRM, "confirm must be auto (start without waiting) or"
                    + " manual (wait in AwaitingConfirmation with a quote), got '" + value + "'");
        };
    }

    private static String parseClientTag(Map<String, ?> body) {
        String clientTag = optionalString(body, CLIENT_TAG);
        if (clientTag != null) {
            if (clientTag.codePointCount(0, clientTag.length()) > MAX_CLIENT_TAG_CHARS) {
                fail(CLIENT_TAG, "client_tag must be at most " + MAX_CLIENT_TAG_CHARS + " characters");
            }
            if (!TAG_VALUE.matcher(clientTag).matches()) {
                fail(CLIENT_TAG, "client_tag may contain only letters, digits, spaces and + - = . _ : / @ "
                        + "(the S3 tag value character set)");
            }
        }
        return clientTag;
    }

    private static RestoreTier parseTier(String value) {
        if (value == null) {
            return RestoreTier.STANDARD;
        }
        if (value.toUpperCase(Locale.ROOT).equals("EXPEDITED")) {
            fail(TIER, "tier EXPEDITED is not accepted by S3 Batch Operations restore jobs; "
                    + "use STANDARD or BULK, or restore-cli for a few urgent objects");
        }
        return switch (value) {
            case "STANDARD" -> RestoreTier.STANDARD;
            case "BULK" -> RestoreTier.BULK;
            default -> throw ServiceException.invalid(TIER,
                    "tier must be STANDARD or BULK (upper case), got '" + value + "'");
        };
    }

    private static StorageFamily parseStorage(String value) {
        if (value == null) {
            return StorageFamily.GLACIER;
        }
        return switch (value) {
            case "GLACIER" -> StorageFamily.GLACIER;
            case "INTELLIGENT_TIERING" -> StorageFamily.INTELLIGENT_TIERING;
            default -> throw ServiceException.invalid(STORAGE,
                    "storage must be GLACIER or INTELLIGENT_TIERING, got '" + value + "'");
        };
    }

    private static ManifestFormat parseFormat(String value) {
        if (value == null) {
            return ManifestFormat.CSV;
        }
        return switch (value) {
            case "csv" -> ManifestFormat.CSV;
            case "inventory" -> ManifestFormat.INVENTORY;
            default -> throw ServiceException.invalid(MANIFEST_FORMAT,
                    "manifest_format must be csv or inventory, got '" + value + "'");
        };
    }

    static String requiredString(Map<String, ?> body, String field) {
        String value = optionalString(body, field);
        if (value == null) {
            fail(field, field + " is required");
        }
        return value;
    }

    static String optionalString(Map<String, ?> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ServiceException.invalid(field, field + " must be a string, got " + jsonType(value));
        }
        return text;
    }

    private static Integer optionalInteger(Map<String, ?> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long number = ((Number) value).longValue();
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                fail(field, field + " is out of range, got " + number);
            }
            return (int) number;
        }
        if (value instanceof java.math.BigInteger) {
            throw ServiceException.invalid(field, field + " is out of range, got " + value);
        }
        throw ServiceException.invalid(field, field + " must be a whole number, got " + jsonType(value));
    }

    static String jsonType(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
            return "a fractional number";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof java.util.List) {
            return "an array";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }

    static void fail(String field, String message) {
        throw ServiceException.invalid(field, message);
    }
}
